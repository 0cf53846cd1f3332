using System.Diagnostics;
using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using Settlement.Harness.State;
using static Settlement.Harness.Scenarios.HarnessContext;

namespace Settlement.Harness.Scenarios;

/// <summary>
/// kill -9 the worker at random points while it ingests and reconciles a day (a 100,000-line settlement file and
/// its transactions export), restart it each time, then let it finish: the final state must equal that of an
/// uninterrupted run of the same files, section by section.
/// </summary>
internal sealed class KillsScenario(HarnessContext context) : IScenario
{
    public string Name => "kills";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(20);

    private int Lines => context.Quick ? 10_000 : 100_000;

    private int Kills => context.Quick ? 5 : 20;

    // Where kills are drawn: the reference run's span at first; lowered when a whole day, from a fresh database,
    // was done sooner (the reference may have run on a busier machine), so kills keep landing inside the work.
    private TimeSpan _killSpan;

    public async Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken)
    {
        var day = await SettlementDay.WriteAsync(context.RunFolder("kills-input"), Lines);
        log.Say($"generated {day.SettlementLines:N0} settlement lines ({day.BadLines} malformed) and their transactions export");

        var (referenceTime, reference) = await ReferenceRunAsync(log, day, cancellationToken);
        _killSpan = referenceTime;
#pragma warning disable CA5394 // Kill timing, not security: a seeded draw so a run can be repeated.
        var random = new Random(context.Seed);
#pragma warning restore CA5394
        var kills = new List<string>();
        var runs = 1;
        // A kill drawn after the worker has finished the day hits nothing: it does not count, and the next kills go
        // to a new round (a fresh database and inbox), until the kills that landed inside the work reach the target.
        for (var round = 1; kills.Count < Kills; round++)
        {
            runs += await RoundAsync(round, day, referenceTime, reference, random, kills, log, cancellationToken);
        }

        log.Say($"kills landed: {string.Join("; ", kills.GroupBy(stage => stage.Split(" (")[0]).Select(group => Invariant($"{group.Count()}× {group.Key}")))}");
        return new ScenarioResult(Name, runs, Invariant($"{kills.Count} × SIGKILL inside the work"), log.Checks, log.Elapsed, Overran: false);
    }

    /// <summary>One database and inbox: kills until one misses (the day was done) or the target is reached, then a last run that finishes; returns the worker runs.</summary>
    private async Task<int> RoundAsync(
        int round, SettlementDay day, TimeSpan referenceTime, IReadOnlyList<DumpSection> reference, Random random, List<string> kills, ScenarioLog log, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder(Invariant($"kills-round-{round}"));
        var database = await context.DatabaseAsync(Invariant($"kills-round-{round}"), cancellationToken);
        var inbox = Path.Combine(folder, "inbox");
        day.CopyTo(inbox);
        var progress = new DayProgress(database, inbox, day);
        var settings = WorkerSettings(database, folder);
        var logFile = Path.Combine(folder, "worker.log");
        var runs = 0;
        var killsBefore = kills.Count;
        while (kills.Count < Kills)
        {
            // Anywhere in the span an uninterrupted run needs: start-up, either file, reconciliation.
#pragma warning disable CA5394 // Kill timing, not security.
            var after = TimeSpan.FromSeconds(0.3 + (random.NextDouble() * (_killSpan.TotalSeconds - 0.3)));
#pragma warning restore CA5394
            await using var worker = WorkerProcess.StartLogged(logFile, settings);
            runs++;
            await Task.Delay(after, cancellationToken);
            if (worker.HasExited)
            {
                log.Record(Invariant($"round {round}: worker alive until its kill"), false, $"worker exited by itself; see {logFile}");
                return runs;
            }

            var missed = await progress.IsDoneAsync(cancellationToken);
            await worker.KillAsync(cancellationToken);
            // The day can finish between the look and the kill: looked at again once the worker is dead.
            missed = missed || await progress.IsDoneAsync(cancellationToken);
            if (missed)
            {
                log.Say($"round {round}: kill after {after.TotalSeconds:F2} s came after the day was done: not counted; next round");
                if (runs == 1 && after < _killSpan)
                {
                    _killSpan = after;
                    log.Say($"kills are drawn within {after.TotalSeconds:F2} s from now on: a whole day took no longer");
                }

                break;
            }

            var stage = await progress.StageAsync(worker.Id, cancellationToken);
            kills.Add(stage);
            log.Say($"round {round}: kill {kills.Count}/{Kills} (pid {worker.Id}) after {after.TotalSeconds:F2} s: {stage}");
        }

        var finish = TimeSpan.FromSeconds(Math.Max(90, referenceTime.TotalSeconds * 3));
        await using (var last = WorkerProcess.StartLogged(logFile, settings))
        {
            runs++;
            var done = await Eventually.TrueAsync(progress.IsDoneAsync, finish, cancellationToken, pollMilliseconds: 500);
            log.Record(Invariant($"round {round}: restarted worker finishes the day"), done,
                $"{(done ? "done" : "not done")} within {finish.TotalSeconds:F0} s after {kills.Count - killsBefore} kills (stage now: {await progress.StageAsync(last.Id, cancellationToken)})");
            await last.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        var duplicates = await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'duplicate'", cancellationToken);
        // A file committed but not yet archived when the worker died is one delivery: the restarted worker moves it
        // and records nothing more.
        log.Record(Invariant($"round {round}: no file recorded twice"), duplicates == 0, $"{duplicates} duplicate records (a file committed before a kill and seen again must be moved, not recorded again)");
        log.Record(Invariant($"round {round}: inbox empty"), !Directory.EnumerateFiles(inbox).Any(), $"{Directory.EnumerateFiles(inbox).Count()} files left in {inbox}");
        var killed = await StateDump.ReadAsync(database.ConnectionString, cancellationToken);
        var comparison = DumpComparison.Compare(reference, killed, "uninterrupted run", "killed run");
        foreach (var check in comparison)
        {
            log.Record(check with { Name = Invariant($"round {round}: {check.Name}") });
        }

        return runs;
    }

    private async Task<(TimeSpan Elapsed, IReadOnlyList<DumpSection> State)> ReferenceRunAsync(ScenarioLog log, SettlementDay day, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder("kills-reference");
        var database = await context.DatabaseAsync("kills-reference", cancellationToken);
        var inbox = Path.Combine(folder, "inbox");
        day.CopyTo(inbox);
        var progress = new DayProgress(database, inbox, day);
        var clock = Stopwatch.StartNew();
        await using (var worker = WorkerProcess.StartLogged(Path.Combine(folder, "worker.log"), WorkerSettings(database, folder)))
        {
            var done = await Eventually.TrueAsync(progress.IsDoneAsync, Deadline / 4, cancellationToken);
            clock.Stop();
            log.Record("uninterrupted run finishes the day", done, $"in {clock.Elapsed.TotalSeconds:F1} s from process start");
            await worker.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        var outcomes = await database.GroupsAsync("SELECT outcome, count(*) FROM recon.line_outcomes GROUP BY outcome ORDER BY outcome", cancellationToken);
        var exceptions = await database.GroupsAsync("SELECT kind, count(*) FROM recon.exceptions GROUP BY kind ORDER BY kind", cancellationToken);
        var lines = await database.CountAsync("SELECT count(*) FROM acquirer.settlement_lines", cancellationToken);
        log.Say($"reference outcomes: {string.Join(", ", outcomes.Select(row => Invariant($"{row.Key} {row.Count:N0}")))}; exceptions: {string.Join(", ", exceptions.Select(row => Invariant($"{row.Key} {row.Count:N0}")))}");
        // The comparison is only worth something if the reference exercised every outcome the data was built for.
        string[] expected = ["matched", "amount_mismatch", "unmatched", "duplicate"];
        log.Record("reference covers the day", lines == day.SettlementLines - day.BadLines && expected.All(kind => outcomes.Any(row => row.Key == kind && row.Count > 0)),
            $"{lines:N0} lines stored of {day.SettlementLines:N0} ({day.BadLines} malformed), outcomes {string.Join("/", expected)} all present");
        return (clock.Elapsed, await StateDump.ReadAsync(database.ConnectionString, cancellationToken));
    }
}
