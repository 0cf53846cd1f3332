using Hangfire.States;
using Hangfire.Storage;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>
/// A person's Requeue of a failed (or deleted) operation job on the dashboard does what <c>op retry</c> does: a fresh
/// budget of automatic retries (Hangfire's own Requeue keeps the count, so a job that had used up its attempts would
/// fail at the first transient answer), and the operation back to <c>requested</c>. Automatic retries never pass
/// here: they go from Failed to Scheduled, not to Enqueued.
/// </summary>
public sealed class OperationRequeuedFilter(OperationStore operations) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.NewState is EnqueuedState
            && (context.OldStateName == FailedState.StateName || context.OldStateName == DeletedState.StateName)
            && context.BackgroundJob.Job?.Type == typeof(OperationJob)
            && context.BackgroundJob.Job.Args is [string operationId, ..])
        {
            context.Connection.SetJobParameter(context.BackgroundJob.Id, HangfireOperationJobs.RetryCountParameter, "0");
            // Hangfire's state filters are synchronous.
            operations.RequeueAsync(operationId, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
