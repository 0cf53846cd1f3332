using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>
/// <see cref="IOperationQueue"/> on Hangfire: one queue per kind, an <see cref="OperationJob"/> per operation, a
/// continuation for an operation that follows another, the dashboard as the place a person retries.
/// </summary>
public sealed class HangfireOperationJobs(IBackgroundJobClient jobs, JobStorage storage) : IOperationQueue
{
    /// <summary>The job parameter in which Hangfire's <see cref="AutomaticRetryAttribute"/> counts its attempts.</summary>
    public const string RetryCountParameter = "RetryCount";

    public string Enqueue(Operation operation, string title, Operation? after)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var queue = OperationKinds.QueueOf(operation.Kind);
        var call = Job.FromExpression<OperationJob>(job => job.RunAsync(operation.Id, title, CancellationToken.None));
        var enqueued = new EnqueuedState(queue) { Reason = $"requested by {operation.RequestedBy.Name}" };
        // A failed predecessor holds this step until a person's retry of it succeeds.
        IState state = after is { JobId: { } afterJob, Status: not OperationStatus.Succeeded }
            ? new AwaitingState(afterJob, enqueued, JobContinuationOptions.OnlyOnSucceededState)
            : enqueued;

        // The queue travels with the job, so automatic retries come back to the same queue.
        return jobs.Create(new Job(call.Type, call.Method, call.Args, queue), state);
    }

    public OperationJobState StateOf(string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetJobData(jobId)?.State;
        if (state is null)
        {
            return OperationJobState.Missing;
        }

        if (state == EnqueuedState.StateName || state == ProcessingState.StateName || state == ScheduledState.StateName || state == AwaitingState.StateName)
        {
            return OperationJobState.Waiting;
        }

        return state == FailedState.StateName ? OperationJobState.Failed
            : state == SucceededState.StateName ? OperationJobState.Succeeded
            : OperationJobState.Deleted;
    }

    public void Requeue(Operation operation, string jobId, string reason)
    {
        ArgumentNullException.ThrowIfNull(operation);
        // A person's retry starts a fresh series of automatic retries (OperationRequeuedFilter does the same for
        // the dashboard's Requeue button).
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(jobId, RetryCountParameter, "0");
        }

        jobs.ChangeState(jobId, new EnqueuedState(OperationKinds.QueueOf(operation.Kind)) { Reason = reason }, null);
    }

    public void Withdraw(string jobId, string reason) =>
        jobs.ChangeState(jobId, new DeletedState { Reason = reason }, null);
}
