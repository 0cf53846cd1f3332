using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>A month's chargebacks of a brand against its settled sales in one currency, by amount; null ratio when nothing settled.</summary>
public sealed record AmountRatio(Money Settled, Money ChargedBack, decimal? Ratio);
