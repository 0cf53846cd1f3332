using Settlement.Worker.Schedules;

namespace Settlement.Tests.Schedules;

public sealed class ScheduleConfigurationTests
{
    private static readonly string[] Works = ["reconciliation", "retention"];

    [Fact]
    public void Defaults_are_valid_in_UTC()
    {
        Assert.Empty(ScheduleCatalog.Check(new ScheduleOptions(), [.. ScheduleDefaults.Crons.Keys]));
    }

    [Fact]
    public void An_unknown_time_zone_is_named_with_its_key()
    {
        var failure = Assert.Single(ScheduleCatalog.Check(new ScheduleOptions { TimeZone = "Europe/Amsterdamm" }, Works));

        Assert.Equal("Settlement:Schedules:TimeZone 'Europe/Amsterdamm' is not an IANA time zone id (such as Europe/Amsterdam or UTC).", failure);
    }

    [Fact]
    public void A_bad_cron_and_a_job_name_that_names_no_work_are_each_named()
    {
        var options = new ScheduleOptions
        {
            Jobs =
            {
                ["reconciliation"] = new ScheduledJobOptions { Cron = "0 0 25 * * ?" },
                ["reconcilation"] = new ScheduledJobOptions { Enabled = false },
            },
        };

        var failures = ScheduleCatalog.Check(options, Works);

        Assert.Equal(2, failures.Count);
        Assert.Contains("Settlement:Schedules:Jobs:reconcilation names no scheduled work; the jobs are: reconciliation, retention.", failures);
        Assert.Contains(failures, failure => failure.StartsWith("Settlement:Schedules:Jobs:reconciliation:Cron '0 0 25 * * ?' is not a Quartz cron", StringComparison.Ordinal));
    }

    [Fact]
    public void A_work_without_a_default_needs_a_configured_cron()
    {
        var failure = Assert.Single(ScheduleCatalog.Check(new ScheduleOptions(), ["something-new"]));

        Assert.Equal("Settlement:Schedules:Jobs:something-new:Cron is required: job 'something-new' has no default schedule.", failure);
    }

    [Fact]
    public void A_work_that_brings_its_own_cron_runs_on_it_unless_the_schedules_configure_another()
    {
        var own = new OwnCronWork("sftp-acme", "0 0/30 * * * ?");
        var catalog = new ScheduleCatalog(Microsoft.Extensions.Options.Options.Create(new ScheduleOptions()), [own]);
        var configured = new ScheduleCatalog(
            Microsoft.Extensions.Options.Options.Create(new ScheduleOptions { Jobs = { ["sftp-acme"] = new ScheduledJobOptions { Cron = "0 15 6 * * ?" } } }),
            [own]);

        Assert.Empty(ScheduleCatalog.Check(new ScheduleOptions(), ["sftp-acme"], new Dictionary<string, string> { ["sftp-acme"] = own.DefaultCron }));
        Assert.Equal("0 0/30 * * * ?", Assert.Single(catalog.Jobs).Cron);
        Assert.Equal("0 15 6 * * ?", Assert.Single(configured.Jobs).Cron);
    }

    private sealed class OwnCronWork(string name, string cron) : IScheduledWork
    {
        public string Name => name;

        public string DefaultCron => cron;

        public Task<string> RunAsync(CancellationToken cancellationToken) => Task.FromResult("ran");
    }
}
