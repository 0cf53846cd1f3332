using System.Globalization;
using System.Text;
using CsvHelper;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Decides, from the first block of a file, how to read it: a canonical kind, a format profile, or neither — and
/// then says why in words that lead somewhere: the nearest candidates and what each lacks, a delimiter that looks
/// wrong, a broken user profile that would have fitted, and where profiles live.
/// </summary>
internal static class FormatRecognizer
{
    private static readonly char[] CommonDelimiters = [',', ';', '\t', '|'];

    /// <summary>How near a candidate came: <paramref name="Matched"/> of <paramref name="Total"/> columns (or conditions), and the ones missing.</summary>
    internal sealed record Candidate(string Name, int Matched, int Total, IReadOnlyList<string> Missing, char? FitsWithDelimiter)
    {
        public double Share => Total == 0 ? 0 : (double)Matched / Total;
    }

    internal sealed record Recognition(FormatProfile? Profile, string Why, FileRejection? Rejection);

    /// <summary>The profile that fits the block, or the rejection that says what would have.</summary>
    internal static Recognition Recognize(ReadOnlySpan<byte> block, bool atEnd, FileReadOptions options)
    {
        var text = Text(block, atEnd);
        var rows = new Dictionary<char, List<string[]>>();
        List<string[]> RowsOf(char delimiter)
        {
            if (!rows.TryGetValue(delimiter, out var split))
            {
                split = Split(text, delimiter);
                rows[delimiter] = split;
            }

            return split;
        }

        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var candidates = new List<(FormatProfile Profile, Candidate Candidate, string Why)>();
        foreach (var profile in options.Profiles)
        {
            var (candidate, why) = Score(profile, profile.FixedWidth ? [] : RowsOf(profile.Delimiter), lines, options.File);
            if (candidate.Matched < candidate.Total && !profile.FixedWidth && candidate.Matched > 0)
            {
                foreach (var other in CommonDelimiters.Where(d => d != profile.Delimiter))
                {
                    if (Score(profile, RowsOf(other), lines, options.File).Candidate is { } alternative && alternative.Matched == alternative.Total)
                    {
                        candidate = candidate with { FitsWithDelimiter = other };
                        break;
                    }
                }
            }

            candidates.Add((profile, candidate, why));
        }

        var fits = candidates.Where(c => c.Candidate.Total > 0 && c.Candidate.Matched == c.Candidate.Total).ToList();
        if (fits.Count > 0)
        {
            var best = fits.OrderByDescending(c => c.Candidate.Total).ThenBy(c => c.Profile.Name, StringComparer.Ordinal).First();
            return new Recognition(best.Profile, best.Why, null);
        }

        foreach (var broken in options.Unloadable.Where(broken => broken.HeaderColumns.Count > 0))
        {
            if (RowsOf(broken.Delimiter).Any(row => ProfiledFile.IsHeader(broken.HeaderColumns, row)))
            {
                return new Recognition(null, string.Empty, new FileRejection(
                    FileRejectionReason.ProfileUnloadable,
                    $"the file fits profile {broken.Name ?? broken.Origin}, which could not be loaded: {broken.Reason}. Fix the profile, then ingest this file again"));
            }
        }

        var first = RowsOf(',').FirstOrDefault(row => row.Any(cell => cell.Length > 0)) ?? [];
        var nearest = candidates.Select(c => c.Candidate).Concat(CanonicalFormats.All.Select(format => Canonical(format, first))).ToList();
        return new Recognition(null, string.Empty, NothingFits(nearest, first, options));
    }

    /// <summary>How well a profile fits: its required section headers found, or its recognize conditions held, in the block.</summary>
    private static (Candidate Candidate, string Why) Score(FormatProfile profile, List<string[]> rows, string[] lines, FileIdentity file)
    {
        var total = 0;
        var matched = 0;
        var missing = new List<string>();
        var why = new List<string>();
        foreach (var section in profile.Sections.Where(section => section.HeaderColumns is not null && !section.HeaderOptional))
        {
            var columns = section.HeaderColumns!;
            total += columns.Count;
            var (bestRow, bestCount) = (-1, -1);
            for (var i = profile.SkipLines; i < rows.Count; i++)
            {
                var count = columns.Count(column => rows[i].Any(cell => cell.AsSpan().Trim().TrimStart('\uFEFF').Equals(column, StringComparison.OrdinalIgnoreCase)));
                if (count > bestCount)
                {
                    (bestRow, bestCount) = (i, count);
                }
            }

            matched += Math.Max(0, bestCount);
            if (bestRow >= 0)
            {
                missing.AddRange(columns.Where(column => !rows[bestRow].Any(cell => cell.AsSpan().Trim().TrimStart('\uFEFF').Equals(column, StringComparison.OrdinalIgnoreCase))));
                why.Add(string.Create(CultureInfo.InvariantCulture, $"{(profile.Sections.Count > 1 ? $"the {section.Name} header" : "a header row")} with its {columns.Count} recognising columns"));
            }
            else
            {
                missing.AddRange(columns);
            }
        }

        if (profile.Recognize.Count > 0)
        {
            var row = new ProfileRow(file, new Dictionary<string, string>());
            var candidates = profile.FixedWidth
                ? lines.Select(line => (Cells: Array.Empty<string>(), Line: line))
                : rows.Select(cells => (Cells: cells, Line: string.Join(profile.Delimiter, cells)));
            var held = 0;
            var index = 0;
            foreach (var condition in profile.Recognize)
            {
                index++;
                var holds = false;
                long number = 0;
                foreach (var (cells, line) in candidates)
                {
                    row.MoveTo(++number, cells, line);
                    if (condition.Holds(row))
                    {
                        holds = true;
                        break;
                    }
                }

                if (holds)
                {
                    held++;
                }
                else
                {
                    missing.Add(string.Create(CultureInfo.InvariantCulture, $"recognize[{index - 1}]"));
                }
            }

            total += profile.Recognize.Count;
            matched += held;
            why.Add(string.Create(CultureInfo.InvariantCulture, $"rows that meet its {profile.Recognize.Count} recognize condition{(profile.Recognize.Count == 1 ? string.Empty : "s")}"));
        }

        return (new Candidate($"profile {profile.Name}", matched, total, missing, null), $"profile {profile.Name} ({profile.KindName}): the file has {string.Join(" and ", why)}");
    }

    private static Candidate Canonical(CanonicalFormat format, string[] header)
    {
        var present = header.Select(cell => cell.Trim().TrimStart('\uFEFF')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = format.RequiredColumns.Where(column => !present.Contains(column)).ToArray();
        return new Candidate($"canonical {format.Name}", format.RequiredColumns.Count - missing.Length, format.RequiredColumns.Count, missing, null);
    }

    private static FileRejection NothingFits(List<Candidate> candidates, string[] firstRow, FileReadOptions options)
    {
        var message = new StringBuilder("no format fits this file");
        var nearest = candidates.Where(c => c.Matched > 0).OrderByDescending(c => c.FitsWithDelimiter is not null).ThenByDescending(c => c.Share).ThenByDescending(c => c.Matched).Take(2).ToList();
        if (nearest.Count > 0)
        {
            message.Append(nearest.Count == 1 ? ": the closest is " : ": the closest are ");
            message.AppendJoin(" and ", nearest.Select(Describe));
        }

        var reason = FileRejectionReason.UnknownHeader;
        if (nearest.FirstOrDefault(c => c.FitsWithDelimiter is not null) is { } splitWrong)
        {
            reason = FileRejectionReason.WrongDelimiter;
            message.Append(CultureInfo.InvariantCulture, $"; {splitWrong.Name} fits when the file is split by {Name(splitWrong.FitsWithDelimiter!.Value)}: the file's delimiter differs from the profile's");
        }
        else if (firstRow.Length == 1 && CommonDelimiters.Skip(1).FirstOrDefault(d => firstRow[0].Contains(d, StringComparison.Ordinal)) is var delimiter and not '\0')
        {
            reason = FileRejectionReason.WrongDelimiter;
            message.Append(CultureInfo.InvariantCulture, $"; the file seems split by {Name(delimiter)}, not ','");
        }

        message.Append(options.ProfilesFolder is { } folder
            ? $". Add or fix a profile in {folder} and try it with: settlement profiles check <file>"
            : ". Add or fix a format profile (docs/profiles.md) and try it with: settlement profiles check <file>");
        return new FileRejection(reason, message.ToString());
    }

    private static string Describe(Candidate candidate)
    {
        var unit = candidate.Name.StartsWith("canonical", StringComparison.Ordinal) ? "required columns" : "recognising columns";
        var missing = candidate.Missing.Take(4).Select(column => $"'{column}'").ToList();
        var more = candidate.Missing.Count > 4 ? string.Create(CultureInfo.InvariantCulture, $" and {candidate.Missing.Count - 4} more") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{candidate.Name} ({candidate.Matched} of {candidate.Total} {unit}{(missing.Count > 0 ? $"; missing {string.Join(", ", missing)}{more}" : string.Empty)})");
    }

    private static string Name(char delimiter) => delimiter switch
    {
        '\t' => "tabs",
        _ => $"'{delimiter}'",
    };

    private static string Text(ReadOnlySpan<byte> block, bool atEnd)
    {
        var text = Encoding.UTF8.GetString(block.StartsWith(Encoding.UTF8.Preamble) ? block[Encoding.UTF8.Preamble.Length..] : block);
        if (!atEnd)
        {
            // The last line may be cut by the end of the block; a header is never that long.
            var lastBreak = text.LastIndexOf('\n');
            text = lastBreak < 0 ? string.Empty : text[..(lastBreak + 1)];
        }

        return text;
    }

    private static List<string[]> Split(string text, char separator)
    {
        var rows = new List<string[]>();
        using var reader = CsvReader.FromText(text, ProfiledFile.ReaderOptions(separator));
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            rows.Add(cells);
        }

        return rows;
    }
}
