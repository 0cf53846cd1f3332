using NodaTime;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Disputes;

/// <summary>
/// The merchant's time zone (<c>Settlement:Schedules:TimeZone</c>, checked at start with the schedules), read from the
/// configuration rather than the schedules' options: those are validated against every scheduled work, and a work
/// that took them would depend on itself.
/// </summary>
public static class MerchantZone
{
    public static DateTimeZone Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(configuration[$"{ScheduleOptions.Section}:TimeZone"]?.Trim() ?? new ScheduleOptions().TimeZone) ?? DateTimeZone.Utc;
    }
}
