using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>The dispute cases decided in one month in one currency: how many were won and lost, and for how much.</summary>
public sealed record MonthlyDisputeOutcomes(YearMonth Month, Currency Currency, int WonCount, Money WonAmount, int LostCount, Money LostAmount);
