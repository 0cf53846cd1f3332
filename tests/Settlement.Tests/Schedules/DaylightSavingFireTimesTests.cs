using NodaTime;
using NodaTime.Text;
using Settlement.Worker.Schedules;

namespace Settlement.Tests.Schedules;

/// <summary>
/// A job at 02:30 in Europe/Amsterdam around the DST changes of 2026 (clocks go 02:00 → 03:00 on 29 March and
/// 03:00 → 02:00 on 25 October). What the trigger does is what <see cref="JobSchedule.NextFireTimes"/> shows,
/// since both are Quartz's cron evaluation in the zone.
/// </summary>
public sealed class DaylightSavingFireTimesTests
{
    private static readonly ScheduleTimeZone Amsterdam = ScheduleTimeZone.Resolve("Europe/Amsterdam").Value;

    [Fact]
    public void On_the_spring_forward_night_a_0230_job_fires_once_at_0300_summer_time()
    {
        var job = new JobSchedule("nightly", "0 30 2 * * ?", Amsterdam, Enabled: true);

        var fires = job.NextFireTimes(Local("2026-03-28T12:00"), 3);

        Assert.Equal(["2026-03-29T03:00:00+02", "2026-03-30T02:30:00+02", "2026-03-31T02:30:00+02"], fires.Select(Format));
        Assert.Equal(Instant.FromUtc(2026, 3, 29, 1, 0), fires[0].ToInstant());
    }

    [Fact]
    public void On_the_fall_back_night_a_0230_job_fires_once_at_the_first_0230()
    {
        var job = new JobSchedule("nightly", "0 30 2 * * ?", Amsterdam, Enabled: true);

        var fires = job.NextFireTimes(Local("2026-10-24T12:00"), 3);

        // 02:30 happens twice that night (summer time, then winter time an hour later); the job runs at the first.
        Assert.Equal(["2026-10-25T02:30:00+02", "2026-10-26T02:30:00+01", "2026-10-27T02:30:00+01"], fires.Select(Format));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 0, 30), fires[0].ToInstant());
    }

    [Fact]
    public void A_sweep_every_15_minutes_keeps_its_pace_in_real_time_through_both_changes()
    {
        var sweep = new JobSchedule("capture-sweep", ScheduleDefaults.Crons["capture-sweep"], Amsterdam, Enabled: true);

        var spring = sweep.NextFireTimes(Local("2026-03-29T01:30"), 4);
        var autumn = sweep.NextFireTimes(Local("2026-10-25T01:50"), 9);

        // Spring: no quarter is lost in real time; the local clock jumps from 01:45 to 03:00.
        Assert.Equal(["2026-03-29T01:45:00+01", "2026-03-29T03:00:00+02", "2026-03-29T03:15:00+02", "2026-03-29T03:30:00+02"], spring.Select(Format));
        // Autumn: the repeated hour is swept in both passes, every 15 real minutes.
        Assert.Equal(
            ["2026-10-25T02:00:00+02", "2026-10-25T02:15:00+02", "2026-10-25T02:30:00+02", "2026-10-25T02:45:00+02",
             "2026-10-25T02:00:00+01", "2026-10-25T02:15:00+01", "2026-10-25T02:30:00+01", "2026-10-25T02:45:00+01", "2026-10-25T03:00:00+01"],
            autumn.Select(Format));
    }

    /// <summary>An instant given as Amsterdam local time (unambiguous readings only).</summary>
    private static Instant Local(string text) =>
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text).Value.InZoneStrictly(Amsterdam.Zone).ToInstant();

    private static string Format(ZonedDateTime time) => ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:sso<g>", null).Format(time);
}
