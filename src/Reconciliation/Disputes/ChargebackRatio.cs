using NodaTime;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// One card brand's chargeback ratio of one month: chargebacks ÷ settled sales, by count (across currencies) and by
/// amount (per currency: amounts in different currencies are never added), and where the worse of them stands against
/// the brand's threshold. A ratio is null where nothing settled.
/// </summary>
public sealed record ChargebackRatio(
    string Brand,
    YearMonth Month,
    long SettledCount,
    long ChargebackCount,
    decimal? CountRatio,
    IReadOnlyList<AmountRatio> ByAmount,
    RatioThreshold Threshold,
    RatioLevel Level)
{
    /// <summary>The highest of the count ratio and the amount ratios: the one the level is of.</summary>
    public decimal? WorstRatio => ByAmount.Select(amount => amount.Ratio).Append(CountRatio).Max();
}
