using Microsoft.Extensions.Logging;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Logging;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// A person's "no" to an operation: <see cref="RejectAsync"/> declines one that waits (for its first attempt, for
/// approval) or has failed; <see cref="CancelAsync"/> calls off a continuation still waiting for the operation it
/// follows (a reversal chained to a capture that failed). Either is audited with who and why, resolves the
/// operation's open cases, cancels what waited for it, takes its job out of the queue, sends nothing and leaves the
/// ledger as it was. An operation that may have reached the gateway (an attempt whose outcome is unknown) cannot be
/// withdrawn: a retry asks the gateway first, and settles it.
/// </summary>
public sealed partial class OperationWithdrawals(OperationStore operations, IOperationQueue queue, ILogger<OperationWithdrawals> logger)
{
    /// <summary>Declines an operation that waits or failed. The message says why not.</summary>
    public Task<Result<OperationWithdrawal, string>> RejectAsync(string operationId, string by, string note, CancellationToken cancellationToken) =>
        WithdrawAsync(operationId, OperationStatus.Rejected, by, note, (operation, _) => RejectRefusal(operation), cancellationToken);

    /// <summary>Calls off an operation that waits for another one to succeed first. The message says why not.</summary>
    public Task<Result<OperationWithdrawal, string>> CancelAsync(string operationId, string by, string note, CancellationToken cancellationToken) =>
        WithdrawAsync(operationId, OperationStatus.Cancelled, by, note, CancelRefusal, cancellationToken);

    private async Task<Result<OperationWithdrawal, string>> WithdrawAsync(
        string operationId, OperationStatus status, string by, string note, Func<Operation, Operation?, string?> refusal, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            return $"say who {Verb(status)} it";
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return $"say why it is {status.ToCode()} (--note)";
        }

        var actor = AuditActor.Operator(by.Trim(), note.Trim());
        var result = await operations.WithdrawAsync(operationId, status, refusal, actor, cancellationToken);
        if (!result.TryGetValue(out var withdrawal, out _))
        {
            return result;
        }

        // The rows are final first; a job that starts meanwhile finds its operation withdrawn and sends nothing.
        foreach (var operation in withdrawal.Cancelled.Prepend(withdrawal.Operation))
        {
            if (operation.JobId is { } jobId)
            {
                queue.Withdraw(jobId, $"{operation.Status.ToCode()} by {actor.Name}: {operation.WithdrawalNote}");
            }

            LogWithdrawn(logger, operation.Id, operation.Status, actor.Name, operation.WithdrawalNote);
        }

        return withdrawal;
    }

    private static string? RejectRefusal(Operation operation) => operation switch
    {
        { Status: OperationStatus.Succeeded } => $"operation {operation.Id} already succeeded as {operation.GatewayTransactionId}: it cannot be rejected (a refund or a reversal undoes it)",
        { Status: OperationStatus.NeedsReview } => $"operation {operation.Id} was executed at the gateway as {operation.GatewayTransactionId} and needs review: rejecting it would not undo it",
        { IsWithdrawn: true } => $"operation {operation.Id} was already {operation.Status.ToCode()} by {operation.WithdrawnBy}",
        { Status: OperationStatus.Sending } or { OutcomeUnknown: true } =>
            $"operation {operation.Id} may have reached the gateway (its last attempt's outcome is unknown): op retry {operation.Id} asks the gateway first; reject it once it has failed",
        _ => null,
    };

    private static string? CancelRefusal(Operation operation, Operation? after)
    {
        if (after is null)
        {
            return $"operation {operation.Id} does not wait for another operation; op reject {operation.Id} declines it";
        }

        if (after.Status == OperationStatus.Succeeded)
        {
            return $"operation {operation.Id} no longer waits: {after.Kind.ToCode()} {after.Id}, which it followed, succeeded; op reject {operation.Id} declines it if it has not been sent";
        }

        return operation is { Status: OperationStatus.Requested or OperationStatus.AwaitingApproval, Attempts: 0, OutcomeUnknown: false }
            ? null
            : RejectRefusal(operation) ?? $"operation {operation.Id} is {operation.Status.ToCode()}, not waiting for {after.Id}; op reject {operation.Id} declines it";
    }

    private static string Verb(OperationStatus status) => status == OperationStatus.Rejected ? "rejects" : "cancels";

    [LoggerMessage(EventId = LogEvents.OperationRequests.Withdrawn, Level = LogLevel.Information, Message = "Operation {OperationId}: {Status} by {By} ({Note}); nothing is sent")]
    private static partial void LogWithdrawn(ILogger logger, string operationId, OperationStatus status, string by, string? note);
}
