using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator;

/// <summary>One transaction the simulator answered, successful or not, as stored in <c>simulator.transactions</c>.</summary>
public sealed record SimulatorTransaction
{
    public required string Id { get; init; }

    /// <summary>The PA, DB or CD at the root of the payment; null for an operation on an unknown reference.</summary>
    public string? PaymentId { get; init; }

    public required string EntityId { get; init; }

    public required TransactionType Type { get; init; }

    public string? ReferencedId { get; init; }

    public Money? Amount { get; init; }

    public required string ResultCode { get; init; }

    public required string ResultDescription { get; init; }

    public bool Succeeded { get; init; }

    public string? MerchantTransactionId { get; init; }

    public string? Descriptor { get; init; }

    public string? PaymentBrand { get; init; }

    public string? CardBin { get; init; }

    public string? CardLast4 { get; init; }

    public string? CardHolder { get; init; }

    public string? CardExpiryMonth { get; init; }

    public string? CardExpiryYear { get; init; }

    public string? ChargebackReasonCode { get; init; }

    /// <summary>When a PA stops being capturable.</summary>
    public Instant? ExpiresAt { get; init; }

    public required Instant ProcessedAt { get; init; }

    /// <summary>This transaction as the ledger's rules see it (only meaningful with an amount).</summary>
    public LedgerTransaction ToLedger() =>
        new(Id, PaymentId ?? Id, Type, Type.StartsPayment() ? null : ReferencedId, Amount!.Value, ProcessedAt, ResultCode, MerchantTransactionId);
}
