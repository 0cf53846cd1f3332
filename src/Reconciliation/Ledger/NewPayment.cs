using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Ledger;

/// <summary>A PA, DB or CD to record as the start of a payment. A declined one is recorded too, so that
/// later operations on it are refused for the right reason.</summary>
public sealed record NewPayment(
    string Id,
    TransactionType Type,
    Money Amount,
    Instant ProcessedAt,
    string ResultCode,
    string? MerchantTransactionId = null,
    PaymentDetails? Details = null);
