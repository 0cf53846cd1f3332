using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Commands;

/// <summary>Shows operators what runs when: per job its cron and zone, the next fire times (local and UTC) and the latest runs.</summary>
public sealed class SchedulesCommandRunner(ScheduleCatalog catalog, JobRunStore runs, IClock clock)
{
    private const int NextFires = 3;
    private const int LatestRuns = 3;

    private static readonly ZonedDateTimePattern Local = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:sso<g>", null);

    public async Task<int> RunAsync(SchedulesCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var now = clock.GetCurrentInstant();
        var history = (await runs.LatestAsync(LatestRuns, cancellationToken)).ToLookup(run => run.Job, StringComparer.Ordinal);
        if (command.Json)
        {
            var jobs = new JsonArray([.. catalog.Jobs.Select(job => ToJson(job, job.Enabled ? job.NextFireTimes(now, NextFires) : [], history[job.Name]))]);
            await output.WriteLineAsync(jobs.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        foreach (var job in catalog.Jobs)
        {
            await output.WriteLineAsync($"{job.Name}  '{job.Cron}' in {job.TimeZone.Id}, misfire: fire once now{(job.Enabled ? string.Empty : "  (disabled)")}");
            foreach (var fire in job.Enabled ? job.NextFireTimes(now, NextFires) : [])
            {
                await output.WriteLineAsync($"  next  {Local.Format(fire)}  ({InstantPattern.General.Format(fire.ToInstant())})");
            }

            foreach (var run in history[job.Name])
            {
                var duration = run.Duration is { } took ? $"{took.TotalSeconds:0.0} s" : "-";
                await output.WriteLineAsync($"  ran   {InstantPattern.General.Format(run.ScheduledFor)}  {run.Outcome.ToString().ToLowerInvariant(),-9} {duration,8}  on {run.Instance}: {run.Summary}");
            }
        }

        return 0;
    }

    private static JsonObject ToJson(JobSchedule job, IReadOnlyList<ZonedDateTime> fires, IEnumerable<JobRun> latest) => new()
    {
        ["job"] = job.Name,
        ["cron"] = job.Cron,
        ["time_zone"] = job.TimeZone.Id,
        ["enabled"] = job.Enabled,
        ["misfire"] = "fire_once_now",
        ["next_fires"] = new JsonArray([.. fires.Select(fire => new JsonObject
        {
            ["local"] = Local.Format(fire),
            ["utc"] = InstantPattern.General.Format(fire.ToInstant()),
        })]),
        ["latest_runs"] = new JsonArray([.. latest.Select(run => new JsonObject
        {
            ["scheduled_for"] = InstantPattern.General.Format(run.ScheduledFor),
            ["instance"] = run.Instance,
            ["outcome"] = run.Outcome.ToString().ToLowerInvariant(),
            ["duration_seconds"] = run.Duration?.TotalSeconds,
            ["summary"] = run.Summary,
        })]),
    };
}
