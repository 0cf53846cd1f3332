using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// One transaction known to the gateway: the payment that started it (PA, DB, CD) or a backoffice
/// leg on it. Every transaction of a payment carries the payment's id; a leg also carries the id of
/// the transaction it references (a CP references its PA, a CR its CB).
/// </summary>
/// <param name="Id">The gateway's id of this transaction.</param>
/// <param name="PaymentId">The id of the PA, DB or CD at the root of the payment.</param>
/// <param name="Type">The payment type.</param>
/// <param name="ReferencedId">The transaction this one operates on; null for PA, DB and CD.</param>
/// <param name="Amount">The amount; for a reversal, the open amount it released.</param>
/// <param name="ProcessedAt">When the gateway processed it.</param>
/// <param name="ResultCode">The gateway's result code; backoffice legs are only recorded when successful.</param>
/// <param name="MerchantTransactionId">The merchant's reference; for our own operations, the operation id.</param>
public sealed record LedgerTransaction(
    string Id,
    string PaymentId,
    TransactionType Type,
    string? ReferencedId,
    Money Amount,
    Instant ProcessedAt,
    string ResultCode,
    string? MerchantTransactionId)
{
    public Currency Currency => Amount.Currency;
}
