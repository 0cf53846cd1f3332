using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>A dispute event of an acquirer's file that has not acted yet, with the keys that find its payment.</summary>
public sealed record PendingDispute(
    long FileId, long LineNumber, string DisputeId, ChargebackEventType Event, string? PaymentId, string? MerchantTransactionId, string? Arn, Money? Amount, string? ReasonCode);
