using System.Text;
using CsvHelper;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>Finds which profile, if any, describes a report, from the rows of its first block.</summary>
internal static class ProfileRecognizer
{
    /// <summary>
    /// The profile whose header line is in <paramref name="block"/> (the first bytes of the file), the one
    /// with most recognising columns when several fit; null when none does.
    /// </summary>
    internal static FormatProfile? Find(ReadOnlySpan<byte> block, bool atEnd, IReadOnlyList<FormatProfile> profiles)
    {
        if (profiles.Count == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(block.StartsWith(Encoding.UTF8.Preamble) ? block[Encoding.UTF8.Preamble.Length..] : block);
        if (!atEnd)
        {
            // The last line may be cut by the end of the block; a header is never that long.
            var lastBreak = text.LastIndexOf('\n');
            text = lastBreak < 0 ? string.Empty : text[..(lastBreak + 1)];
        }

        FormatProfile? best = null;
        foreach (var group in profiles.GroupBy(profile => profile.Delimiter[0]))
        {
            var rows = Rows(text, group.Key);
            foreach (var profile in group)
            {
                var fits = rows.Skip(profile.Header.SkipLines).Any(row => IsHeader(profile, row));
                if (fits && (best is null || profile.Header.Columns.Count > best.Header.Columns.Count))
                {
                    best = profile;
                }
            }
        }

        return best;
    }

    /// <summary>Whether a row's cells include every one of the profile's header columns (trimmed, ignoring case).</summary>
    internal static bool IsHeader(FormatProfile profile, IReadOnlyCollection<string> cells)
    {
        var present = new HashSet<string>(cells.Select(cell => cell.Trim().TrimStart('\uFEFF')), StringComparer.OrdinalIgnoreCase);
        return profile.Header.Columns.All(column => present.Contains(column.Trim()));
    }

    internal static CsvReaderOptions ReaderOptions(char separator, Action<CsvMalformedRecord>? onMalformed = null) => new()
    {
        Separator = separator,
        HasHeader = false,
        AllowLineBreaksInQuotes = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        OnMalformedRecord = onMalformed,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        DetectSeparatorHint = false,
    };

    internal static string[] Cells(CsvReader reader)
    {
        var cells = new string[reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = reader.GetString(i);
        }

        return cells;
    }

    private static List<string[]> Rows(string text, char separator)
    {
        var rows = new List<string[]>();
        using var reader = CsvReader.FromText(text, ReaderOptions(separator));
        while (reader.Read())
        {
            rows.Add(Cells(reader));
        }

        return rows;
    }
}
