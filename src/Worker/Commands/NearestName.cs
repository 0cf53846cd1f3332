namespace Settlement.Worker.Commands;

/// <summary>
/// The "did you mean" of a usage error: the known names closest to what was typed, by edit distance with a swap of
/// two neighbouring letters counted as one edit (<c>reprot</c> → <c>report</c>), or the one name it begins.
/// </summary>
public static class NearestName
{
    /// <summary>" (did you mean 'report'?)", or an empty string when no name is close enough to guess.</summary>
    public static string Suggestion(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var names = known.Distinct(StringComparer.Ordinal).ToList();
        var begun = names.Where(name => typed.Length >= 3 && name.StartsWith(typed, StringComparison.Ordinal)).ToList();
        if (begun.Count == 1)
        {
            return $" (did you mean '{begun[0]}'?)";
        }

        // Allow about one edit in three letters, at most two: "ingets" finds "ingest", "xyz" finds nothing.
        var allowed = Math.Clamp(typed.TrimStart('-').Length / 3, 1, 2);
        var scored = names.Select(name => (Name: name, Distance: Distance(typed, name))).Where(pair => pair.Distance <= allowed).ToList();
        if (scored.Count == 0)
        {
            return string.Empty;
        }

        var best = scored.Min(pair => pair.Distance);
        var nearest = scored.Where(pair => pair.Distance == best).Select(pair => $"'{pair.Name}'").Order(StringComparer.Ordinal);
        return $" (did you mean {string.Join(" or ", nearest)}?)";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
