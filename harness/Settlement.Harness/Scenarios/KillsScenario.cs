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

    public async Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken)
    {
        var day = await SettlementDay.WriteAsync(context.RunFolder("kills-input"), Lines);
        log.Say($"generated {day.SettlementLines:N0} settlement lines ({day.BadLines} malformed) and their transactions export");

        var (referenceTime, reference) = await ReferenceRunAsync(log, day, cancellationToken);

        var folder = context.RunFolder("kills-killed");
        var database = await context.DatabaseAsync("kills-killed", cancellationToken);
        var inbox = Path.Combine(folder, "inbox");
        day.CopyTo(inbox);
        var progress = new DayProgress(database, inbox, day);
        var settings = WorkerSettings(database, folder);
        var logFile = Path.Combine(folder, "worker.log");
#pragma warning disable CA5394 // Kill timing, not security: a seeded draw so a run can be repeated.
        var random = new Random(context.Seed);
        var kills = 0;
        var landed = new List<string>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            // Anywhere in the span an uninterrupted run needs: start-up, either file, reconciliation.
            var after = TimeSpan.FromSeconds(0.3 + (random.NextDouble() * (referenceTime.TotalSeconds - 0.3)));
#pragma warning restore CA5394
            await using var worker = WorkerProcess.Start(logFile, settings);
            await Task.Delay(after, cancellationToken);
            if (worker.HasExited)
            {
                log.Record("worker alive until its kill", false, $"worker exited by itself before kill {kill}; see {logFile}");
                break;
            }

            await worker.KillAsync(cancellationToken);
            kills++;
            var stage = await progress.StageAsync(worker.Id, cancellationToken);
            landed.Add(stage);
            log.Say($"kill {kill}/{Kills} (pid {worker.Id}) after {after.TotalSeconds:F2} s: {stage}");
        }

        var finish = TimeSpan.FromSeconds(Math.Max(90, referenceTime.TotalSeconds * 3));
        await using (var last = WorkerProcess.Start(logFile, settings))
        {
            var done = await Waiting.UntilAsync(progress.IsDoneAsync, finish, cancellationToken, pollMilliseconds: 500);
            log.Record("restarted worker finishes the day", done, $"{(done ? "done" : "not done")} within {finish.TotalSeconds:F0} s after {kills} kills (stage now: {await progress.StageAsync(last.Id, cancellationToken)})");
            await last.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        var duplicates = await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'duplicate'", cancellationToken);
        log.Say($"kills landed: {string.Join("; ", landed.GroupBy(stage => stage.Split(" (")[0]).Select(group => Invariant($"{group.Count()}× {group.Key}")))}");
        log.Say($"files seen again after a kill between commit and archive, recorded as duplicate sightings: {duplicates}");
        log.Record("inbox empty", !Directory.EnumerateFiles(inbox).Any(), $"{Directory.EnumerateFiles(inbox).Count()} files left in {inbox}");
        var archived = Directory.EnumerateFiles(Path.Combine(folder, "archive"), "*.csv", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".errors.csv", StringComparison.Ordinal)).ToList();
        log.Record("each file archived", archived.Count >= day.Files.Count && day.Files.All(file => archived.Any(copy => Path.GetFileName(copy).Contains(Path.GetFileNameWithoutExtension(file), StringComparison.Ordinal))),
            $"{archived.Count} archived copies (one per sighting) of {day.Files.Count} files");

        var killed = await StateDump.ReadAsync(database.ConnectionString, cancellationToken);
        foreach (var check in DumpComparison.Compare(reference, killed, "uninterrupted run", "killed run"))
        {
            log.Record(check);
        }

        return new ScenarioResult(Name, 1 + kills + 1, Invariant($"{kills} × SIGKILL"), log.Checks, log.Elapsed, Overran: false);
    }

    private async Task<(TimeSpan Elapsed, IReadOnlyList<DumpSection> State)> ReferenceRunAsync(ScenarioLog log, SettlementDay day, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder("kills-reference");
        var database = await context.DatabaseAsync("kills-reference", cancellationToken);
        var inbox = Path.Combine(folder, "inbox");
        day.CopyTo(inbox);
        var progress = new DayProgress(database, inbox, day);
        var clock = Stopwatch.StartNew();
        await using (var worker = WorkerProcess.Start(Path.Combine(folder, "worker.log"), WorkerSettings(database, folder)))
        {
            var done = await Waiting.UntilAsync(progress.IsDoneAsync, Deadline / 4, cancellationToken);
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
