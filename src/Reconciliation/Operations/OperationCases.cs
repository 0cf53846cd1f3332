using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// The exception cases operations raise, beside reconciliation's, so a person finds every problem in one list
/// (<c>exceptions</c>, <c>/reconciliation</c>, <c>/api/exceptions</c>) and not only as a failed job on the dashboard.
/// One case per operation and kind (subject <c>operation &lt;id&gt;</c>); failed and blocked cases close by
/// themselves when the operation succeeds after a retry.
/// </summary>
public static class OperationCases
{
    public static string SubjectOf(string operationId) => $"operation {operationId}";

    public static RaisedCase FailedCase(Operation operation, string title)
    {
        ArgumentNullException.ThrowIfNull(operation);
        // Declined, refused as invalid, or its automatic retries used up: it waits on the dashboard for a retry.
        return new RaisedCase(
            ExceptionKind.OperationFailed,
            SubjectOf(operation.Id),
            null,
            null,
            operation.ReferencedId,
            $"{title} failed after {Attempts(operation.Attempts)}: {Said(operation)}; requested by {operation.RequestedBy.Name} ({operation.RequestedBy.Reason}). "
            + $"Fix the cause, then retry it (op retry {operation.Id}, or Requeue job {operation.JobId ?? "-"} on the dashboard); resolve this case with a note if it is not to be sent.");
    }

    public static RaisedCase BlockedCase(Operation waiting, string title, Operation failed)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(failed);
        // It runs after an operation that failed (a reversal after its capture): its job waits for that one to succeed.
        return new RaisedCase(
            ExceptionKind.OperationBlocked,
            SubjectOf(waiting.Id),
            null,
            null,
            waiting.ReferencedId,
            $"{title} runs after {failed.Kind.ToCodeName()} {failed.Id}, which {(failed.Status == OperationStatus.NeedsReview ? "needs review" : "failed")}: "
            + $"its job waits until that one succeeds. Retry {failed.Id} (op retry {failed.Id}); if it is not to be sent, resolve both cases with a note.");
    }

    public static RaisedCase NeedsReviewCase(Operation operation, string title)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var what = operation.Status == OperationStatus.NeedsReview
            ? $"was executed at the gateway as {operation.GatewayTransactionId}, but the ledger refused the leg: {operation.LastResultDescription}. Compare the payment at the gateway (query API) with the ledger before anything else is sent on it"
            : $"succeeded as {operation.GatewayTransactionId}, flagged by the gateway for review: {Said(operation)}. Check it with the acquirer";
        return new RaisedCase(ExceptionKind.OperationNeedsReview, SubjectOf(operation.Id), null, null, operation.ReferencedId, $"{title} {what}.");
    }

    private static string Said(Operation operation) => $"{operation.LastResultCode} {operation.LastResultDescription}".Trim();

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static string ToCodeName(this Ledger.TransactionType kind) => $"{Ledger.TransactionTypeCode.ToCode(kind)} {OperationKinds.NameOf(kind)}";
}
