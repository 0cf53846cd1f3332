using NodaTime;

namespace Settlement.Reconciliation.Disputes;

/// <summary>The disputes overview as of <see cref="Today"/> in the merchant's time zone.</summary>
public sealed record DisputeOverviewReport(
    LocalDate Today, IReadOnlyList<DisputeCase> Cases, IReadOnlyList<MonthlyDisputeOutcomes> Outcomes, IReadOnlyList<ChargebackRatio> Ratios);
