namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// Something recorded although it breaks what should have been: acquirer chargebacks are facts and are
/// always booked, but a person should look at them (docs/ledger-rules.md).
/// </summary>
public enum LedgerWarningKind
{
    /// <summary>The chargeback takes back money that was already refunded: the merchant lost twice and should defend it.</summary>
    ChargebackOnRefundedAmount,

    /// <summary>The leg's earlier chargeback was reversed; this one is the second chargeback of the dispute cycle.</summary>
    SecondChargeback,
}
