using NodaTime;
using Quartz;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Schedules;

/// <summary>
/// The one Quartz job type: runs the <see cref="IScheduledWork"/> its job key names, once per scheduled fire
/// time across all instances (the <see cref="JobRunStore"/> row is taken first), and records how it ended.
/// </summary>
/// <remarks>
/// <see cref="DisallowConcurrentExecutionAttribute"/> keeps a slow run from overlapping the next fire on the
/// cluster in the common case; it has gaps (a node recovered as dead while still running), which the run row
/// closes for the same fire time. A failed run is recorded and logged, not rethrown: the next fire is the retry.
/// </remarks>
[DisallowConcurrentExecution]
public sealed partial class ScheduledWorkJob(ScheduleCatalog catalog, JobRunStore runs, SettlementMetrics metrics, ILogger<ScheduledWorkJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.JobDetail.Key.Name;
        var scheduledFor = Instant.FromDateTimeOffset(context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        var work = catalog.Work(name);
        if (work is null)
        {
            LogUnknownWork(logger, name);
            return;
        }

        var instance = context.Scheduler.SchedulerInstanceId;
        if (await runs.CloseAbandonedAsync(cancellationToken) is > 0 and var abandoned)
        {
            LogAbandoned(logger, abandoned);
        }

        if (await runs.BeginAsync(name, scheduledFor, instance, cancellationToken) is not { } runId)
        {
            LogAlreadyRun(logger, name, scheduledFor);
            return;
        }

        LogStarted(logger, name, scheduledFor, instance);
        try
        {
            var summary = await work.RunAsync(cancellationToken);
            // Recorded whatever happens to the token now: the work is done and its history must say so.
            await runs.FinishAsync(runId, JobRunOutcome.Succeeded, summary, CancellationToken.None);
            metrics.JobRan(name, succeeded: true);
            LogSucceeded(logger, name, scheduledFor, summary);
        }
        catch (Exception exception)
        {
            var summary = exception is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? "interrupted: the worker stopped during the run"
                : $"{exception.GetType().Name}: {exception.Message}";
            await runs.FinishAsync(runId, JobRunOutcome.Failed, summary, CancellationToken.None);
            metrics.JobRan(name, succeeded: false);
            LogFailed(logger, exception, name, scheduledFor);
        }
    }

    [LoggerMessage(EventId = LogEvents.Schedules.JobStarted, Level = LogLevel.Information, Message = "Scheduled job {Job} for {ScheduledFor} started on {Instance}")]
    private static partial void LogStarted(ILogger logger, string job, Instant scheduledFor, string instance);

    [LoggerMessage(EventId = LogEvents.Schedules.JobSucceeded, Level = LogLevel.Information, Message = "Scheduled job {Job} for {ScheduledFor} succeeded: {Summary}")]
    private static partial void LogSucceeded(ILogger logger, string job, Instant scheduledFor, string summary);

    [LoggerMessage(EventId = LogEvents.Schedules.JobFailed, Level = LogLevel.Error, Message = "Scheduled job {Job} for {ScheduledFor} failed; the next fire runs it again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, Instant scheduledFor);

    [LoggerMessage(EventId = LogEvents.Schedules.JobAlreadyTaken, Level = LogLevel.Debug, Message = "Scheduled job {Job} for {ScheduledFor} is already taken by another instance")]
    private static partial void LogAlreadyRun(ILogger logger, string job, Instant scheduledFor);

    [LoggerMessage(EventId = LogEvents.Schedules.RunsAbandoned, Level = LogLevel.Warning, Message = "{Count} scheduled run(s) of instances that left the cluster mid-run are recorded as abandoned")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = LogEvents.Schedules.JobWithoutWork, Level = LogLevel.Warning, Message = "Scheduled job {Job} has no registered work; it is removed from the schedule at the next start")]
    private static partial void LogUnknownWork(ILogger logger, string job);
}
