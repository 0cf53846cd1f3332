using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Settlement.Tests.Database;
using Settlement.Worker.Commands;
using Settlement.Worker.Schedules;

namespace Settlement.Tests.Schedules;

public sealed class SchedulesCommandTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_job_shows_its_cron_zone_next_fires_in_local_time_and_UTC_and_its_last_run()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 28, 12, 0));
        var options = Options.Create(new ScheduleOptions { TimeZone = "Europe/Amsterdam" });
        var catalog = new ScheduleCatalog(options, [new CountingWork("reconciliation")]);
        var runs = new JobRunStore(database.DataSource, clock);
        var run = await runs.BeginAsync("reconciliation", Instant.FromUtc(2026, 3, 28, 1, 0), "node-a", Cancel);
        clock.Advance(Duration.FromSeconds(3));
        await runs.FinishAsync(run!.Value, JobRunOutcome.Succeeded, "matching decided no new lines", Cancel);
        using var output = new StringWriter();

        var exit = await new SchedulesCommandRunner(catalog, runs, clock).RunAsync(new SchedulesCommand(Json: false), output, Cancel);

        Assert.Equal(0, exit);
        Assert.Equal(
            """
            reconciliation  '0 0 2 * * ?' in Europe/Amsterdam, misfire: fire once now
              next  2026-03-29 03:00:00+02  (2026-03-29T01:00:00Z)
              next  2026-03-30 02:00:00+02  (2026-03-30T00:00:00Z)
              next  2026-03-31 02:00:00+02  (2026-03-31T00:00:00Z)
              ran   2026-03-28T01:00:00Z  succeeded    3.0 s  on node-a: matching decided no new lines

            """.ReplaceLineEndings(),
            output.ToString());
    }
}
