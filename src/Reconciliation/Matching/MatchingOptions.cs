using NodaTime;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// The tolerances of matching. Defaults are strict: an amount must agree to the minor unit, except for
/// FX lines, whose net is allowed the rounding of one conversion.
/// </summary>
public sealed record MatchingOptions
{
    /// <summary>An amount within this many minor units of the leg's still matches ("within tolerance").</summary>
    public long AmountToleranceMinor { get; init; }

    /// <summary>An amount within this share of the leg's still matches (0.005 = 0.5 %).</summary>
    public decimal AmountTolerancePercent { get; init; }

    /// <summary>The FX check gross × rate − fee = net allows this many minor units of the settlement currency.</summary>
    public long FxNetToleranceMinor { get; init; } = 1;

    /// <summary>The fallback match (amount, currency, card last 4) looks this far before the settlement date.</summary>
    public Period FallbackWindow { get; init; } = Period.FromDays(3);

    /// <summary>A leg not settled this long after it was processed is missing rather than awaiting.</summary>
    public Duration ExpectedSettlementLag { get; init; } = Duration.FromDays(3);

    /// <summary>
    /// Legs processed longer ago than this are no longer aged into missing settlements: retention may have
    /// deleted the lines that settled them (it keeps acquirer lines at least this long), and a leg must not look
    /// missing because its settlement line was archived.
    /// </summary>
    public Duration MissingSettlementHorizon { get; init; } = Duration.FromDays(400);

    /// <summary>
    /// Missing-settlement aging reads again the legs processed this long before the last run's mark, besides the
    /// legs that crossed the lag since: a leg on the mark's instant itself is never left out by a rounding.
    /// </summary>
    public Duration AgingWatermarkMargin { get; init; } = Duration.FromHours(1);
}
