namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>Rows whose <see cref="Column"/> holds one of <see cref="Keep"/> are data lines; others are ignored (counted, not errors).</summary>
public sealed record ProfileRecordFilter
{
    public required string Column { get; init; }

    public required IReadOnlyList<string> Keep { get; init; }
}
