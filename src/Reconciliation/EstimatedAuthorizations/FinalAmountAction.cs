namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>What to do about one final amount, with why in words an operator reads in the action table and the exceptions.</summary>
public abstract record FinalAmountAction(string Explanation)
{
    /// <summary>Operations to request, in this order: each waits for the one before it.</summary>
    public sealed record Settle(IReadOnlyList<FinalAmountStep> Steps, string Why) : FinalAmountAction(Why);

    /// <summary>The payment already stands at its final amount, with nothing left reserved: nothing moves.</summary>
    public sealed record Closed(string Why) : FinalAmountAction(Why);

    /// <summary>Not yet: operations on the payment are still on their way; the amounts they move are not known for sure.</summary>
    public sealed record Wait(string Why) : FinalAmountAction(Why);

    /// <summary>No payment of the ledger is named by the final amount's references.</summary>
    public sealed record Unmatched(string Why) : FinalAmountAction(Why);

    /// <summary>The final amount cannot close the payment (another currency, a declined payment, money out of reach): a person must look.</summary>
    public sealed record Refused(string Why) : FinalAmountAction(Why);
}
