using NodaTime;

namespace Settlement.Reconciliation.Ledger;

/// <summary>What the ledger keeps about a payment beyond its transactions: card and authorization facts
/// that matching and the expiry rules need. Card data is never more than BIN and last four digits.</summary>
public sealed record PaymentDetails
{
    public static readonly PaymentDetails None = new();

    public AuthorizationKind AuthorizationKind { get; init; } = AuthorizationKind.Final;

    public string? CardBrand { get; init; }

    public string? CardBin { get; init; }

    public string? CardLast4 { get; init; }

    public string? MerchantCategoryCode { get; init; }

    /// <summary>Customer- or merchant-initiated; decides some schemes' expiry windows.</summary>
    public Initiator InitiatedBy { get; init; } = Initiator.Customer;

    public string? Arn { get; init; }

    /// <summary>When a PA lapses; captures at or after it are refused. Null when not known yet.</summary>
    public Instant? ExpiresAt { get; init; }
}
