namespace Settlement.Reconciliation.Ledger;

/// <summary>A warning attached to a transaction that was recorded all the same.</summary>
public sealed record LedgerWarning(LedgerWarningKind Kind, string Message)
{
    public override string ToString() => Message;
}
