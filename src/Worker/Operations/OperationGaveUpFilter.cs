using Hangfire.States;
using Hangfire.Storage;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>
/// When an operation's job lands in Failed after its automatic retries, marks the operation failed too, so
/// <c>op list --failed</c> shows what the dashboard shows. Declines are already failed; this only changes
/// operations still waiting (requested, sending).
/// </summary>
public sealed class OperationGaveUpFilter(OperationStore operations) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.NewState is FailedState failed
            && context.BackgroundJob.Job?.Type == typeof(OperationJob)
            && context.BackgroundJob.Job.Args is [string operationId, ..])
        {
            // Hangfire's state filters are synchronous.
            operations.RecordGaveUpAsync(operationId, $"automatic retries used up: {failed.Exception?.Message}", CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
