using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Gateway;

/// <summary>A PA, DB or CD sent to <c>POST /v1/payments</c> with card data.</summary>
/// <param name="MerchantTransactionId">Our operation id; the query API finds the payment by it after a lost response.</param>
/// <param name="Type">PA, DB or CD.</param>
/// <param name="Amount">The amount; its currency must have 0 or 2 decimals (see <see cref="GatewayAmount"/>).</param>
/// <param name="Card">The card; never logged.</param>
public sealed record InitialPaymentRequest(string MerchantTransactionId, TransactionType Type, Money Amount, PaymentCard Card)
{
    public string? Descriptor { get; init; }

    /// <summary>Sent as <c>customParameters[NAME]</c>, e.g. <c>forceResultCode</c> in test mode.</summary>
    public IReadOnlyDictionary<string, string> CustomParameters { get; init; } = new Dictionary<string, string>();
}
