using NodaTime;
using Settlement.Reconciliation.Matching;

namespace Settlement.Worker.Matching;

/// <summary>Matching tolerances from configuration (section <c>Settlement:Matching</c>); see <see cref="MatchingOptions"/>.</summary>
public sealed class MatchingSettings
{
    public const string Section = "Settlement:Matching";

    public long AmountToleranceMinor { get; set; }

    public decimal AmountTolerancePercent { get; set; }

    public long FxNetToleranceMinor { get; set; } = 1;

    public int FallbackWindowDays { get; set; } = 3;

    public TimeSpan ExpectedSettlementLag { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan MissingSettlementHorizon { get; set; } = TimeSpan.FromDays(400);

    public MatchingOptions ToOptions() => new()
    {
        AmountToleranceMinor = AmountToleranceMinor,
        AmountTolerancePercent = AmountTolerancePercent,
        FxNetToleranceMinor = FxNetToleranceMinor,
        FallbackWindow = Period.FromDays(FallbackWindowDays),
        ExpectedSettlementLag = Duration.FromTimeSpan(ExpectedSettlementLag),
        MissingSettlementHorizon = Duration.FromTimeSpan(MissingSettlementHorizon),
    };
}
