using NodaTime;
using Quartz;

namespace Settlement.Worker.Schedules;

/// <summary>
/// One job's schedule: the scheduled work's name, its Quartz cron read in <see cref="TimeZone"/>, and whether it
/// runs. Fire times follow Quartz's own cron evaluation, so what is shown here is what the trigger does:
/// a time the spring-forward gap swallows fires at the instant the clocks jump to (02:30 becomes 03:00), and a
/// fixed time that the fall-back night repeats fires once, at its first occurrence.
/// </summary>
public sealed record JobSchedule(string Name, string Cron, ScheduleTimeZone TimeZone, bool Enabled)
{
    /// <summary>The next <paramref name="count"/> fire times strictly after <paramref name="after"/>, in the schedule's zone.</summary>
    public IReadOnlyList<ZonedDateTime> NextFireTimes(Instant after, int count)
    {
        var expression = CronExpression.Parse(Cron).WithTimeZone(TimeZone.ForQuartz);
        var times = new List<ZonedDateTime>(count);
        var from = after.ToDateTimeOffset();
        while (times.Count < count && expression.GetNextValidTimeAfter(from) is { } next)
        {
            times.Add(Instant.FromDateTimeOffset(next).InZone(TimeZone.Zone));
            from = next;
        }

        return times;
    }

    /// <summary>The reason <paramref name="cron"/> is not a Quartz cron, or null when it is one.</summary>
    public static string? Invalid(string cron)
    {
        if (CronExpression.TryParse(cron, out _))
        {
            return null;
        }

        try
        {
            CronExpression.Parse(cron);
            return "not a cron expression";
        }
        catch (FormatException exception)
        {
            return exception.Message;
        }
    }
}
