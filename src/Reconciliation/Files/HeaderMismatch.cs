namespace Settlement.Reconciliation.Files;

/// <summary>
/// Why a header matches no canonical kind: the nearest kind (the one with most of its required columns
/// present) and the required columns it lacks.
/// </summary>
public sealed record HeaderMismatch(FileKind NearestKind, int MatchedColumns, IReadOnlyList<string> MissingColumns)
{
    /// <summary>"header matches no known kind: settlement lacks batch_id, record_type".</summary>
    public string Message =>
        $"header matches no known kind: {CanonicalFormats.For(NearestKind).Name} lacks {string.Join(", ", MissingColumns)}";

    public override string ToString() => Message;
}
