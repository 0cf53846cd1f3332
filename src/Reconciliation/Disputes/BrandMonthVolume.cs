using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>How many sales (or chargebacks) of one brand, as written, in one month and currency, and their total.</summary>
public sealed record BrandMonthVolume(string WrittenBrand, YearMonth Month, long Count, Money Total);
