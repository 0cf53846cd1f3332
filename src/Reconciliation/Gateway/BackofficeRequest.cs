using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Gateway;

/// <summary>A CP, RV, RF, RB, CB or CR sent to <c>POST /v1/payments/{ReferencedId}</c>.</summary>
/// <param name="MerchantTransactionId">Our operation id; the query API finds the operation by it after a lost response.</param>
/// <param name="Type">CP, RV, RF, RB, CB or CR.</param>
/// <param name="ReferencedId">The gateway id of the transaction operated on (a CP references its PA, a CR its CB).</param>
/// <param name="Amount">The amount; null for a reversal, which releases the whole open amount.</param>
public sealed record BackofficeRequest(string MerchantTransactionId, TransactionType Type, string ReferencedId, Money? Amount)
{
    /// <summary>The scheme's reason code of a chargeback, sent as <c>customParameters[chargebackReasonCode]</c> (ours).</summary>
    public string? ChargebackReasonCode { get; init; }

    public string? Descriptor { get; init; }

    /// <summary>Sent as <c>customParameters[NAME]</c>, e.g. <c>forceResultCode</c> in test mode.</summary>
    public IReadOnlyDictionary<string, string> CustomParameters { get; init; } = new Dictionary<string, string>();
}
