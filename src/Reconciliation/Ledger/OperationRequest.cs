using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Ledger;

/// <summary>A backoffice operation to record on an earlier transaction of a payment.</summary>
/// <param name="TransactionId">The new transaction's id (the gateway's id once it answered).</param>
/// <param name="Type">CP, RV, RF, CB, CR or RB.</param>
/// <param name="ReferencedId">The transaction it operates on.</param>
/// <param name="Amount">The amount; null for a reversal, which always releases the whole open amount.</param>
/// <param name="ProcessedAt">When the gateway processed it.</param>
/// <param name="ResultCode">The gateway's result code; only successful operations are recorded.</param>
/// <param name="MerchantTransactionId">The merchant's reference (our operation id for our own operations).</param>
public sealed record OperationRequest(
    string TransactionId,
    TransactionType Type,
    string ReferencedId,
    Money? Amount,
    Instant ProcessedAt,
    string ResultCode,
    string? MerchantTransactionId = null);
