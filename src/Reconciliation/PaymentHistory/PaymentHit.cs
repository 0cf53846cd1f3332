using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.PaymentHistory;

/// <summary>A payment that a search found, and by what (<c>payment id</c>, <c>merchant reference</c>, <c>ARN</c>, …).</summary>
public sealed record PaymentHit(string PaymentId, string PaymentType, Money Amount, string? MerchantReference, string? CardLast4, Instant ProcessedAt, string FoundBy);
