using NodaTime;
using Npgsql;
using Quartz;
using Settlement.Reconciliation.Database;

namespace Settlement.Worker.Schedules;

/// <summary>
/// Brings the clustered store's triggers in line with the configured schedules, then starts the scheduler.
/// A trigger whose cron, zone and misfire policy are unchanged is left as it is, so a restart or a deploy
/// neither fires it again nor moves its next fire time; a changed one is replaced and starts counting from now;
/// a disabled job, or one whose work no longer exists, is removed.
/// </summary>
/// <remarks>
/// Quartz can re-register triggers from code at each start (and, told to, keep the replaced trigger's timing);
/// comparing first makes "nothing changed" a no-op. Instances synchronize one at a time (an advisory lock): two
/// instances starting together both replaced the new trigger, and the second replacement made the first fire
/// time fire again on the other instance (seen in the cluster test; the run row caught it).
/// </remarks>
public sealed partial class ScheduleSynchronizer(
    ISchedulerFactory schedulers, ScheduleCatalog catalog, NpgsqlDataSource dataSource, IClock clock, ILogger<ScheduleSynchronizer> logger)
    : IHostedService
{
    /// <summary>The Quartz group of our jobs and triggers: everything in it is ours to replace or remove.</summary>
    public const string Group = "settlement";

    /// <summary>
    /// The misfire policy of every job: a fire missed (the cluster was down or busy past the misfire threshold)
    /// runs once as soon as an instance can, then the schedule resumes. A nightly job still runs that night and a
    /// sweep is not skipped, while a long outage never replays a burst of missed fires.
    /// </summary>
    public const CronTriggerMisfireInstruction MisfirePolicy = CronTriggerMisfireInstruction.FireAndProceed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await SynchronizeAsync(scheduler, cancellationToken);
        await scheduler.Start(cancellationToken);
    }

    // The Quartz hosted service shuts the scheduler down (waiting for running jobs).
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SynchronizeAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKeys.Schedules);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var job in catalog.Jobs)
        {
            var jobKey = new JobKey(job.Name, Group);
            if (!job.Enabled)
            {
                if (await scheduler.DeleteJob(jobKey, cancellationToken))
                {
                    LogDisabled(logger, job.Name);
                }

                continue;
            }

            var triggerKey = new TriggerKey(job.Name, Group);
            if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger stored && Unchanged(stored, job))
            {
                var next = NextFire(stored.NextFireTimeUtc, job);
                LogKept(logger, job.Name, job.Cron, job.TimeZone.Id, next);
                continue;
            }

            var detail = JobBuilder.Create<ScheduledWorkJob>().WithIdentity(jobKey).WithDescription($"scheduled work '{job.Name}'").Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(jobKey)
                .WithSchedule(CronScheduleBuilder.Create(job.Cron).InTimeZone(job.TimeZone.ForQuartz).WithMisfireInstruction(MisfirePolicy))
                .StartAt(clock.GetCurrentInstant().ToDateTimeOffset())
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
            var first = NextFire(trigger.GetFireTimeAfter(null), job);
            LogScheduled(logger, job.Name, job.Cron, job.TimeZone.Id, first);
        }

        var known = catalog.Jobs.Select(job => job.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken)).Where(key => !known.Contains(key.Name)))
        {
            await scheduler.DeleteJob(orphan, cancellationToken);
            LogRemoved(logger, orphan.Name);
        }

        // Ends the transaction, which only held the lock.
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool Unchanged(ICronTrigger stored, JobSchedule job) =>
        string.Equals(stored.CronExpressionString, job.Cron, StringComparison.Ordinal)
        && string.Equals(stored.TimeZone.Id, job.TimeZone.ForQuartz.Id, StringComparison.Ordinal)
        && stored.MisfireInstruction == MisfirePolicy;

    private static ZonedDateTime? NextFire(DateTimeOffset? next, JobSchedule job) =>
        next is { } fire ? Instant.FromDateTimeOffset(fire).InZone(job.TimeZone.Zone) : null;

    [LoggerMessage(EventId = LogEvents.Schedules.ScheduleKept, Level = LogLevel.Information, Message = "Schedule {Job}: '{Cron}' in {TimeZone} unchanged; next fire {NextFire}")]
    private static partial void LogKept(ILogger logger, string job, string cron, string timeZone, ZonedDateTime? nextFire);

    [LoggerMessage(EventId = LogEvents.Schedules.ScheduleChanged, Level = LogLevel.Information, Message = "Schedule {Job}: '{Cron}' in {TimeZone} scheduled; next fire {NextFire}")]
    private static partial void LogScheduled(ILogger logger, string job, string cron, string timeZone, ZonedDateTime? nextFire);

    [LoggerMessage(EventId = LogEvents.Schedules.ScheduleDisabled, Level = LogLevel.Information, Message = "Schedule {Job} is disabled and was removed from the store")]
    private static partial void LogDisabled(ILogger logger, string job);

    [LoggerMessage(EventId = LogEvents.Schedules.ScheduleRemoved, Level = LogLevel.Information, Message = "Schedule {Job} has no registered work any more and was removed from the store")]
    private static partial void LogRemoved(ILogger logger, string job);
}
