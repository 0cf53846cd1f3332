using NodaTime;
using Settlement.Tests.Database;

namespace Settlement.Tests.Schedules;

public sealed class AbandonedRunTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_left_running_by_an_instance_that_left_the_cluster_is_recorded_as_abandoned()
    {
        // What a worker killed in the middle of its nightly run leaves behind.
        await using (var insert = database.DataSource.CreateCommand(
            """
            INSERT INTO schedules.job_runs (job, scheduled_for, instance, started_at, outcome)
            VALUES ('reconciliation', @at, 'killed-instance-1', @at, 'running')
            """))
        {
            insert.Parameters.AddWithValue("at", Instant.FromUtc(2026, 11, 25, 1, 0));
            await insert.ExecuteNonQueryAsync(Cancel);
        }

        var work = new CountingWork("abandon-tick");
        var settings = new Dictionary<string, string?> { ["Settlement:Schedules:Jobs:abandon-tick:Cron"] = "* * * * * ?" };
        await using (await SchedulesHost.StartAsync(database.ConnectionString, settings, [work]))
        {
            await WaitForRunsAsync(work, 2);
        }

        await using var read = database.DataSource.CreateCommand("SELECT outcome, summary FROM schedules.job_runs WHERE instance = 'killed-instance-1'");
        await using var reader = await read.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel));
        Assert.Equal("failed", reader.GetString(0));
        Assert.StartsWith("abandoned: instance killed-instance-1 left the cluster during the run", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_instance_is_known_to_the_cluster_by_the_name_its_runs_carry()
    {
        // The abandoned-run rule tells live runs from dead ones by this name: a run of a live instance must never
        // look like one of an instance that left.
        var work = new CountingWork("live-tick");
        var settings = new Dictionary<string, string?> { ["Settlement:Schedules:Jobs:live-tick:Cron"] = "* * * * * ?" };
        await using (await SchedulesHost.StartAsync(database.ConnectionString, settings, [work]))
        {
            await WaitForRunsAsync(work, 3);

            await using var read = database.DataSource.CreateCommand(
                """
                SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM quartz.qrtz_scheduler_state s WHERE s.instance_name = r.instance)),
                       count(*) FILTER (WHERE r.summary LIKE 'abandoned:%')
                FROM schedules.job_runs r WHERE r.job = 'live-tick'
                """);
            await using var reader = await read.ExecuteReaderAsync(Cancel);
            Assert.True(await reader.ReadAsync(Cancel));
            Assert.True(reader.GetInt64(0) >= 3, $"{reader.GetInt64(0)} runs carry a name the cluster knows");
            Assert.Equal(0L, reader.GetInt64(1));
        }
    }

    private static async Task WaitForRunsAsync(CountingWork work, int runs) =>
        Assert.True(await Eventually.TrueAsync(_ => Task.FromResult(work.Runs >= runs), TimeSpan.FromSeconds(60), Cancel, pollMilliseconds: 100), "the schedule did not fire in time");
}
