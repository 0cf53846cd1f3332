namespace Settlement.Reconciliation.Operations;

/// <summary>
/// The card a payout (CD) is sent to (section <c>Settlement:Operations:PayoutCard</c>). The ledger never stores
/// a full card number, so the card cannot come from an earlier payment; it comes from configuration. The
/// defaults are the gateway's VISA test card, which the simulator accepts.
/// </summary>
public sealed class PayoutCardOptions
{
    public string Brand { get; set; } = "VISA";

    public string Number { get; set; } = "4200000000000000";

    public string Holder { get; set; } = "Settlement Payout";

    public int ExpiryMonth { get; set; } = 12;

    public int ExpiryYear { get; set; } = 2034;

    public string Cvv { get; set; } = "123";

    public Gateway.PaymentCard ToCard() => new(Brand, Number, Holder, ExpiryMonth, ExpiryYear, Cvv);
}
