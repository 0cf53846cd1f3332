namespace Settlement.Reconciliation.Ledger;

/// <summary>Who started a payment: the cardholder (at checkout) or the merchant on a stored credential
/// (a no-show fee, an instalment). Schemes give the two different authorization windows.</summary>
public enum Initiator
{
    /// <summary>Customer-initiated (CIT); the default when a file does not say.</summary>
    Customer,

    /// <summary>Merchant-initiated (MIT).</summary>
    Merchant,
}
