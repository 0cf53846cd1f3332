namespace Settlement.Worker.Schedules;

/// <summary>
/// The schedules (section <c>Settlement:Schedules</c>): the IANA time zone every cron is read in, and per job
/// (<c>Jobs:&lt;name&gt;</c>) its cron and whether it runs. A job not configured keeps its default
/// (<see cref="ScheduleDefaults"/>).
/// </summary>
public sealed class ScheduleOptions
{
    public const string Section = "Settlement:Schedules";

    /// <summary>An IANA time zone id (<c>Europe/Amsterdam</c>): the merchant's local time, DST included.</summary>
    public string TimeZone { get; set; } = "UTC";

    public Dictionary<string, ScheduledJobOptions> Jobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A fire later than this after its time is a misfire (the worker was down or busy), handled by the misfire policy.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);
}
