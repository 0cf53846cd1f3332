using System.Collections.Concurrent;
using NodaTime;
using Settlement.Tests.Database;

namespace Settlement.Tests.Schedules;

public sealed class ClusteredSchedulesTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_worker_instances_on_one_database_run_each_fire_time_once()
    {
        var work = new CountingWork("cluster-tick");
        var log = new ConcurrentQueue<string>();
        var settings = new Dictionary<string, string?>
        {
            ["Settlement:Schedules:TimeZone"] = "Europe/Amsterdam",
            ["Settlement:Schedules:Jobs:cluster-tick:Cron"] = "* * * * * ?",
        };

        // Started together: both provision the empty store and register the trigger at once.
        var hosts = await Task.WhenAll(
            SchedulesHost.StartAsync(database.ConnectionString, settings, [work], log),
            SchedulesHost.StartAsync(database.ConnectionString, settings, [work], log));
        await using (hosts[0])
        await using (hosts[1])
        {
            await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM schedules.job_runs WHERE job = 'cluster-tick' AND outcome = 'succeeded'") >= 5);
            Assert.Equal(2, await CountAsync("SELECT count(*) FROM quartz.qrtz_scheduler_state"));
        }

        var fireTimes = await FireTimesAsync();
        Assert.Equal(work.Runs, fireTimes.Count);
        Assert.Equal(fireTimes.Distinct().Count(), fireTimes.Count);
        // Quartz's cluster fired each time on one instance only: no instance found its run taken by the other.
        Assert.DoesNotContain(log, line => line.Contains("is already taken by another instance", StringComparison.Ordinal));
        // And it lost none: consecutive seconds.
        Assert.All(fireTimes.Zip(fireTimes.Skip(1)), pair => Assert.Equal(Duration.FromSeconds(1), pair.Second - pair.First));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<List<Instant>> FireTimesAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT scheduled_for FROM schedules.job_runs WHERE job = 'cluster-tick' ORDER BY scheduled_for");
        var times = new List<Instant>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            times.Add(reader.GetFieldValue<Instant>(0));
        }

        return times;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Assert.True(await Eventually.TrueAsync(_ => condition(), TimeSpan.FromSeconds(60), Cancel, pollMilliseconds: 100), "the schedule did not fire in time");
}
