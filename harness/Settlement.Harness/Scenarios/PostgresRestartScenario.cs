using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using Settlement.Harness.State;
using static Settlement.Harness.Scenarios.HarnessContext;

namespace Settlement.Harness.Scenarios;

/// <summary>
/// PostgreSQL restarted under a running worker: once while it reads the day's settlement file, once when the day is
/// done; then a late file is dropped. The worker must stay up, become ready again, finish everything, and end in
/// the same state as a run whose database never went away.
/// </summary>
internal sealed class PostgresRestartScenario(HarnessContext context) : IScenario
{
    public string Name => "postgres-restart";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(8);

    private int Lines => context.Quick ? 10_000 : 50_000;

    public async Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken)
    {
        var input = context.RunFolder("restart-input");
        var day = await SettlementDay.WriteAsync(input, Lines);
        var late = await day.WriteLateFileAsync(input, Math.Max(1, Lines / 400));
        log.Say($"generated {day.SettlementLines:N0} settlement lines, their transactions export, and a late file");

        var reference = await RunAsync("restart-reference", day, late, restarts: false, log, cancellationToken);
        var restarted = await RunAsync("restart-restarted", day, late, restarts: true, log, cancellationToken);
        foreach (var check in DumpComparison.Compare(reference, restarted, "run without restarts", "run with restarts"))
        {
            log.Record(check);
        }

        return new ScenarioResult(Name, 2, "2 × PostgreSQL restart (pg_ctl stop -m fast, start)", log.Checks, log.Elapsed, Overran: false);
    }

    private async Task<IReadOnlyList<DumpSection>> RunAsync(string name, SettlementDay day, string late, bool restarts, ScenarioLog log, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder(name);
        var database = await context.DatabaseAsync(name, cancellationToken);
        var inbox = Path.Combine(folder, "inbox");
        day.CopyTo(inbox);
        var progress = new DayProgress(database, inbox, day);
        var finish = TimeSpan.FromMinutes(context.Quick ? 1 : 2);
        var label = restarts ? "with restarts" : "reference";
        await using var worker = WorkerProcess.StartLogged(Path.Combine(folder, "worker.log"), WorkerSettings(database, folder));
        if (restarts)
        {
            var reading = await Eventually.TrueAsync(
                async token => await database.TryCountAsync(
                    "SELECT count(*) FROM intake.files WHERE status = 'processing' AND original_name = @name", token, ("name", Path.GetFileName(day.SettlementFile))) > 0,
                finish, cancellationToken, pollMilliseconds: 50);
            log.Record("restart 1 lands while the settlement file is read", reading, $"claim of {Path.GetFileName(day.SettlementFile)} seen: {reading}");
            await RestartAsync(worker, 1, log, cancellationToken);
        }

        var done = await Eventually.TrueAsync(progress.IsDoneAsync, finish, cancellationToken, pollMilliseconds: 500);
        log.Record($"{label}: the day is done", done, $"within {finish.TotalMinutes:F0} min; stage: {await progress.StageAsync(worker.Id, cancellationToken)}");
        if (restarts)
        {
            await RestartAsync(worker, 2, log, cancellationToken);
        }

        File.Copy(late, Path.Combine(inbox, Path.GetFileName(late)));
        progress.ExpectOneMoreFile();
        var lateDone = await Eventually.TrueAsync(progress.IsDoneAsync, finish, cancellationToken, pollMilliseconds: 500);
        log.Record($"{label}: a file dropped afterwards is processed and reconciled", lateDone, $"{Path.GetFileName(late)} within {finish.TotalMinutes:F0} min");
        log.Record($"{label}: the worker is still running", !worker.HasExited, $"{(worker.HasExited ? "it exited; see its worker.log" : Invariant($"pid {worker.Id} alive"))}");
        await worker.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return await StateDump.ReadAsync(database.ConnectionString, cancellationToken);
    }

    private async Task RestartAsync(WorkerProcess worker, int restart, ScenarioLog log, CancellationToken cancellationToken)
    {
        await context.Cluster.RestartAsync(cancellationToken);
        log.Say($"restart {restart}: PostgreSQL stopped (fast) and started again on port {context.Cluster.Port}");
        var ready = await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        log.Record($"ready again after restart {restart}", ready, $"{(ready ? "/health/ready answers 200" : "/health/ready did not come back within 60 s")}");
    }
}
