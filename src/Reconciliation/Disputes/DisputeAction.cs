using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>What to do about one dispute event.</summary>
public abstract record DisputeAction(string Explanation)
{
    /// <summary>Record a chargeback on the leg and send it to the gateway.</summary>
    public sealed record Chargeback(string LegId, Money Amount, string? ReasonCode, bool OnRefundedMoney, string Why) : DisputeAction(Why);

    /// <summary>Reverse the leg's open chargeback: the merchant won.</summary>
    public sealed record Reversal(string ChargebackId, Money Amount, string Why) : DisputeAction(Why);

    /// <summary>Nothing moves (a retrieval request, an arbitration outcome): the event is recorded with why.</summary>
    public sealed record Record(string Why) : DisputeAction(Why);

    /// <summary>Not yet: the chargeback this event reverses is still on its way to the gateway.</summary>
    public sealed record Wait(string Why) : DisputeAction(Why);

    /// <summary>No payment of the ledger is named by the event's references.</summary>
    public sealed record Unmatched(string Why) : DisputeAction(Why);

    /// <summary>The ledger cannot take it (no chargeback to reverse, no captured leg): a person must look.</summary>
    public sealed record Refused(LedgerRule? Rule, string Why) : DisputeAction(Why);
}
