using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using static System.FormattableString;

namespace Settlement.Harness.State;

/// <summary>
/// "Every trigger once" with two instances on one database: both run the clustered scheduler with one cheap job
/// (aging of missing settlements) firing every two seconds; afterwards the run history must hold each fire time
/// exactly once, with none missed between the first and the last.
/// </summary>
internal static class TriggerOnceCheck
{
    private const string Job = "missing-settlement-aging";
    private const int EverySeconds = 2;

    /// <summary>Settings both instances get, so the scheduler fires often enough to be checked in a short run.</summary>
    public static IReadOnlyList<string> WorkerSettings { get; } =
        [Invariant($"--Settlement:Schedules:Jobs:{Job}:Cron=0/{EverySeconds} * * * * ?")];

    public static async Task<Check> RunAsync(RunDatabase database, CancellationToken cancellationToken)
    {
        var runs = await database.CountAsync("SELECT count(*) FROM schedules.job_runs WHERE job = @job", cancellationToken, ("job", Job));
        var fireTimes = await database.CountAsync("SELECT count(DISTINCT scheduled_for) FROM schedules.job_runs WHERE job = @job", cancellationToken, ("job", Job));
        var expected = await database.CountAsync(
            "SELECT coalesce((extract(epoch FROM max(scheduled_for) - min(scheduled_for)) / @every)::bigint + 1, 0) FROM schedules.job_runs WHERE job = @job",
            cancellationToken,
            ("job", Job),
            ("every", EverySeconds));
        var instances = await database.GroupsAsync(
            "SELECT instance, count(*) FROM schedules.job_runs WHERE job = @job GROUP BY instance ORDER BY instance", cancellationToken, ("job", Job));
        return Check.That(
            "every trigger once",
            runs > 0 && runs == fireTimes && fireTimes == expected,
            Invariant($"{Job} every {EverySeconds} s: {runs} runs for {fireTimes} fire times, {expected} fire times between the first and the last; ran on {string.Join(", ", instances.Select(row => Invariant($"{row.Key} {row.Count}")))}"));
    }
}
