using Microsoft.Extensions.Options;

namespace Settlement.Worker.Schedules;

/// <summary>
/// Every registered <see cref="IScheduledWork"/> with its schedule: the configured cron, else the default, in the
/// configured time zone. Configuration is checked at start (<see cref="Check"/>), so a typo in a job name, a
/// cron or the zone stops the worker with a line that names the key.
/// </summary>
public sealed class ScheduleCatalog
{
    private readonly Dictionary<string, IScheduledWork> _works;

    public ScheduleCatalog(IOptions<ScheduleOptions> options, IEnumerable<IScheduledWork> works)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _works = works.ToDictionary(work => work.Name, StringComparer.Ordinal);
        var zone = ScheduleTimeZone.Resolve(settings.TimeZone).Value;
        Jobs = [.. _works.Values.OrderBy(work => work.Name, StringComparer.Ordinal).Select(work => ScheduleOf(work, settings, zone))];
    }

    public IReadOnlyList<JobSchedule> Jobs { get; }

    /// <summary>The work of that name, or null when no such work is registered (a job left in the store by an older version).</summary>
    public IScheduledWork? Work(string name) => _works.GetValueOrDefault(name);

    /// <summary>What is wrong with the schedules' configuration for these works; empty when nothing is.</summary>
    /// <param name="settings">The schedules' settings.</param>
    /// <param name="workNames">The names of the registered works.</param>
    /// <param name="ownCrons">The crons that works bring with their own settings (<see cref="IScheduledWork.DefaultCron"/>), by name.</param>
    public static IReadOnlyList<string> Check(ScheduleOptions settings, IReadOnlyCollection<string> workNames, IReadOnlyDictionary<string, string>? ownCrons = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(workNames);
        var failures = new List<string>();
        if (ScheduleTimeZone.Resolve(settings.TimeZone).TryGetValue(out _, out var zoneError) is false)
        {
            failures.Add(zoneError);
        }

        failures.AddRange(workNames.GroupBy(name => name, StringComparer.Ordinal).Where(group => group.Count() > 1)
            .Select(group => $"two scheduled works are named '{group.Key}'."));
        failures.AddRange(settings.Jobs.Keys.Where(name => !workNames.Contains(name))
            .Select(name => $"{ScheduleOptions.Section}:Jobs:{name} names no scheduled work; the jobs are: {string.Join(", ", workNames.Order(StringComparer.Ordinal))}."));
        foreach (var name in workNames.Distinct(StringComparer.Ordinal))
        {
            var cron = CronOf(name, settings, ownCrons?.GetValueOrDefault(name));
            if (cron is null)
            {
                failures.Add($"{ScheduleOptions.Section}:Jobs:{name}:Cron is required: job '{name}' has no default schedule.");
            }
            else if (JobSchedule.Invalid(cron) is { } reason)
            {
                failures.Add($"{ScheduleOptions.Section}:Jobs:{name}:Cron '{cron}' is not a Quartz cron (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?'): {reason}");
            }
        }

        if (settings.MisfireThreshold <= TimeSpan.Zero)
        {
            failures.Add($"{ScheduleOptions.Section}:MisfireThreshold must be positive.");
        }

        return failures;
    }

    private static JobSchedule ScheduleOf(IScheduledWork work, ScheduleOptions settings, ScheduleTimeZone zone) =>
        new(work.Name, CronOf(work.Name, settings, work.DefaultCron)!, zone, settings.Jobs.GetValueOrDefault(work.Name)?.Enabled ?? true);

    private static string? CronOf(string name, ScheduleOptions settings, string? ownCron) =>
        settings.Jobs.GetValueOrDefault(name)?.Cron is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured)
            ? configured.Trim()
            : ownCron is { Length: > 0 } own && !string.IsNullOrWhiteSpace(own) ? own.Trim() : ScheduleDefaults.Crons.GetValueOrDefault(name);
}
