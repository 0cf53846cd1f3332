namespace Settlement.Worker.Schedules;

/// <summary>
/// The cron each known job has when configuration does not give one, in the configured time zone. The nightly
/// jobs run in a row, reconciliation first, so the aging and retention see its decisions.
/// </summary>
public static class ScheduleDefaults
{
    public static IReadOnlyDictionary<string, string> Crons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["reconciliation"] = "0 0 2 * * ?",
        ["missing-settlement-aging"] = "0 30 2 * * ?",
        ["final-amounts"] = "0 0 3 * * ?",
        ["retention"] = "0 0 4 * * ?",
        // Pre-authorizations expire by the hour: a sweep every quarter of an hour captures them in time.
        ["capture-sweep"] = "0 0/15 * * * ?",
    };
}
