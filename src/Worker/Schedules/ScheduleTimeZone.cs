using NodaTime;
using Settlement.Reconciliation;

namespace Settlement.Worker.Schedules;

/// <summary>
/// The configured IANA time zone, as NodaTime knows it (for every time we show or store) and as Quartz needs it
/// (a <see cref="TimeZoneInfo"/> for its cron triggers). Both must know the id, or the worker does not start.
/// </summary>
public sealed record ScheduleTimeZone(DateTimeZone Zone, TimeZoneInfo ForQuartz)
{
    public string Id => Zone.Id;

    public static Result<ScheduleTimeZone, string> Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return $"{ScheduleOptions.Section}:TimeZone is empty: give an IANA time zone id such as Europe/Amsterdam or UTC.";
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim());
        if (zone is null)
        {
            return $"{ScheduleOptions.Section}:TimeZone '{id}' is not an IANA time zone id (such as Europe/Amsterdam or UTC).";
        }

        // Quartz reads the operating system's zone database; a zone NodaTime knows but the system lacks (tzdata
        // missing or old) would silently run the crons in another zone.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone.Id, out var system))
        {
            return $"{ScheduleOptions.Section}:TimeZone '{zone.Id}' is not in this system's time zone database (install tzdata).";
        }

        return new ScheduleTimeZone(zone, system);
    }
}
