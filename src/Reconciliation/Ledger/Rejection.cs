namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// Why the ledger refused an operation: the rule it breaks and a message that says by how much,
/// e.g. "refund 30.00 EUR exceeds refundable 20.00 EUR on 8ac7…".
/// </summary>
public sealed record Rejection(LedgerRule Rule, string Message)
{
    /// <summary>The result code the gateway answers for the same broken rule.</summary>
    public string GatewayResultCode => Rule.GatewayResultCode();

    public override string ToString() => Message;
}
