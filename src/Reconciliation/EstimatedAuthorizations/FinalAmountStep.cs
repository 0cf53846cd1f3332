using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>One operation that closing a payment at its final amount takes; the steps of one decision run in their order.</summary>
/// <param name="Kind">Capture, reversal, refund or rebill.</param>
/// <param name="ReferencedId">The transaction operated on: the PA for a capture, reversal or rebill on a PA; the DB for a rebill on a DB; the captured leg for a refund.</param>
/// <param name="Amount">The amount; null for a reversal, which releases whatever is open.</param>
/// <param name="ApprovalReason">Why a person must approve it first (a rebill above the cap); null when it goes at once.</param>
public sealed record FinalAmountStep(TransactionType Kind, string ReferencedId, Money? Amount, string? ApprovalReason = null)
{
    public bool AwaitsApproval => ApprovalReason is not null;

    public override string ToString() =>
        $"{Kind.ToCode()} {(Amount is { } amount ? amount.ToString() : "the open amount")} on {ReferencedId}{(AwaitsApproval ? " (awaits approval)" : string.Empty)}";
}
