using Settlement.Reconciliation.Disputes;

namespace Settlement.Worker.Disputes;

/// <summary>How disputes are shown and watched (section <c>Settlement:Disputes</c>).</summary>
public sealed class DisputesOptions
{
    public const string Section = "Settlement:Disputes";

    /// <summary>The brand key of <see cref="RatioThresholds"/> that applies to every brand not named there.</summary>
    public const string OtherBrands = "Other";

    /// <summary>A case whose reply-by date is this many days away or fewer (or passed) is near its deadline. Default 3.</summary>
    public int NearDeadlineDays { get; set; } = 3;

    /// <summary>How many months of chargeback ratios the overview shows, this month included. Default 12.</summary>
    public int RatioMonths { get; set; } = 12;

    /// <summary>
    /// Per card brand (as <see cref="CardBrand.Of"/> names it: VISA, MASTER, AMEX, …, or <see cref="OtherBrands"/>), the
    /// chargeback ratio at which to warn and the threshold, as shares. The defaults are a cautious starting point, not
    /// any scheme's programme: set them to what your acquirer's contract and the schemes you take hold you to.
    /// </summary>
    public IDictionary<string, RatioLevels> RatioThresholds { get; } = new Dictionary<string, RatioLevels>(StringComparer.OrdinalIgnoreCase)
    {
        ["VISA"] = new() { Warning = 0.0065m, Threshold = 0.009m },
        ["MASTER"] = new() { Warning = 0.01m, Threshold = 0.015m },
        [OtherBrands] = new() { Warning = 0.0075m, Threshold = 0.01m },
    };

    /// <summary>The thresholds as the ratio's rules take them.</summary>
    public RatioThresholds ToThresholds()
    {
        var other = RatioThresholds.TryGetValue(OtherBrands, out var levels) ? levels.ToThreshold() : new RatioThreshold(0.0075m, 0.01m);
        return new RatioThresholds(
            RatioThresholds.Where(pair => !string.Equals(pair.Key, OtherBrands, StringComparison.OrdinalIgnoreCase)).ToDictionary(pair => pair.Key, pair => pair.Value.ToThreshold()),
            other);
    }

    /// <summary>What is wrong with these settings; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        if (NearDeadlineDays is < 0 or > 60)
        {
            yield return $"{Section}:NearDeadlineDays must be between 0 and 60.";
        }

        if (RatioMonths is < 1 or > 36)
        {
            yield return $"{Section}:RatioMonths must be between 1 and 36.";
        }

        foreach (var (brand, levels) in RatioThresholds)
        {
            if (levels.Threshold is <= 0 or >= 1 || levels.Warning <= 0 || levels.Warning > levels.Threshold)
            {
                yield return $"{Section}:RatioThresholds:{brand} needs 0 < Warning <= Threshold < 1, as shares (0.009 for 0.9 %).";
            }
        }
    }
}
