namespace Settlement.Reconciliation.Matching;

/// <summary>What one aging of missing settlements did: exceptions raised, and open ones resolved because the leg settled.</summary>
public sealed record MissingSettlementRun(int Raised, int Resolved)
{
    public override string ToString() => $"{Raised} missing settlement(s) raised, {Resolved} resolved as settled later";
}
