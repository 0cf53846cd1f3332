using NodaTime;
using Npgsql;

namespace Settlement.Worker.Schedules;

/// <summary>
/// The run history of scheduled jobs (<c>schedules.job_runs</c>), which is also the guard that runs each fire
/// time once: a run starts by taking the row of its job and scheduled fire time, and an instance that finds the
/// row taken leaves the work to the one that took it.
/// </summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource, IClock clock)
{
    /// <summary>Takes the run of <paramref name="job"/> for <paramref name="scheduledFor"/>; null when another instance has it.</summary>
    public async Task<long?> BeginAsync(string job, Instant scheduledFor, string instance, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO schedules.job_runs (job, scheduled_for, instance, started_at, outcome)
            VALUES (@job, @scheduled_for, @instance, @now, 'running')
            ON CONFLICT (job, scheduled_for) DO NOTHING
            RETURNING run_id
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("scheduled_for", scheduledFor);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    public async Task FinishAsync(long runId, JobRunOutcome outcome, string summary, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            // An instance the cluster gave up on while it was only slow to check in finishes its run after all: the
            // run's own ending replaces the "abandoned" another instance wrote.
            """
            UPDATE schedules.job_runs SET finished_at = @now, outcome = @outcome, summary = @summary
            WHERE run_id = @id AND (outcome = 'running' OR (outcome = 'failed' AND summary LIKE 'abandoned: %'))
            """);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("outcome", CodeOf(outcome));
        command.Parameters.AddWithValue("summary", summary);
        command.Parameters.AddWithValue("id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the runs left <c>running</c> by instances that are no longer in the Quartz cluster (killed, or their
    /// machine lost): their fire time is not run again — the next fire is the retry — but the history says what
    /// happened instead of "running" for ever. Called by a live scheduler, so Quartz's tables exist.
    /// </summary>
    public async Task<int> CloseAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE schedules.job_runs r
            SET outcome = 'failed', finished_at = @now,
                summary = 'abandoned: instance ' || r.instance || ' left the cluster during the run; the next fire runs the job again'
            WHERE r.outcome = 'running'
              AND NOT EXISTS (SELECT 1 FROM quartz.qrtz_scheduler_state s WHERE s.instance_name = r.instance)
            """);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest <paramref name="count"/> runs of each job, newest first.</summary>
    public async Task<IReadOnlyList<JobRun>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT run_id, job, scheduled_for, instance, started_at, finished_at, outcome, summary
            FROM (SELECT r.*, row_number() OVER (PARTITION BY job ORDER BY scheduled_for DESC, run_id DESC) AS recent FROM schedules.job_runs r) latest
            WHERE recent <= @count
            ORDER BY job, scheduled_for DESC, run_id DESC
            """);
        command.Parameters.AddWithValue("count", count);
        var runs = new List<JobRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRun(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<Instant>(2),
                reader.GetString(3),
                reader.GetFieldValue<Instant>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<Instant>(5),
                OutcomeOf(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return runs;
    }

    private static string CodeOf(JobRunOutcome outcome) => outcome switch
    {
        JobRunOutcome.Running => "running",
        JobRunOutcome.Succeeded => "succeeded",
        JobRunOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not an outcome"),
    };

    private static JobRunOutcome OutcomeOf(string code) => code switch
    {
        "running" => JobRunOutcome.Running,
        "succeeded" => JobRunOutcome.Succeeded,
        "failed" => JobRunOutcome.Failed,
        _ => throw new InvalidOperationException($"Stored job run outcome '{code}' is not known."),
    };
}
