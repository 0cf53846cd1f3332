namespace Settlement.Reconciliation.Files;

/// <summary>Recognises a canonical file's kind from its header, by its set of required columns.</summary>
public static class FileKindRecognizer
{
    /// <summary>
    /// The kind whose required columns are all in <paramref name="headerFields"/> (names trimmed and
    /// compared ignoring case); when several are, the one with most required columns, the most specific.
    /// Otherwise a <see cref="HeaderMismatch"/> naming the nearest kind and the columns it lacks.
    /// </summary>
    public static Result<FileKind, HeaderMismatch> Recognize(IReadOnlyList<string> headerFields)
    {
        ArgumentNullException.ThrowIfNull(headerFields);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in headerFields)
        {
            present.Add(field.Trim());
        }

        CanonicalFormat? best = null;
        CanonicalFormat? nearest = null;
        var nearestMatched = -1;
        var nearestMissing = int.MaxValue;
        foreach (var format in CanonicalFormats.All)
        {
            var matched = format.RequiredColumns.Count(present.Contains);
            var missing = format.RequiredColumns.Count - matched;
            if (missing == 0 && (best is null || matched > best.RequiredColumns.Count))
            {
                best = format;
            }

            if (matched > nearestMatched || (matched == nearestMatched && missing < nearestMissing))
            {
                nearest = format;
                nearestMatched = matched;
                nearestMissing = missing;
            }
        }

        if (best is not null)
        {
            return best.Kind;
        }

        var lacking = nearest!.RequiredColumns.Where(column => !present.Contains(column)).ToArray();
        return new HeaderMismatch(nearest.Kind, nearestMatched, lacking);
    }
}
