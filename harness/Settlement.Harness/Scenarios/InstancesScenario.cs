using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using Settlement.Harness.State;
using static Settlement.Harness.Scenarios.HarnessContext;

namespace Settlement.Harness.Scenarios;

/// <summary>
/// Two worker instances on one database and one drop folder, through a compressed day: files dropped in bursts
/// (some the same content under another name) while operations are requested from both, the gateway failing 30 %
/// of POSTs. Every file must be processed once, every line stored once, every operation executed once.
/// </summary>
internal sealed class InstancesScenario(HarnessContext context) : IScenario
{
    private const int LinesPerFile = 2_000;

    public string Name => "instances";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(10);

    private int Files => context.Quick ? 10 : 30;

    private int Scale => context.Quick ? 4 : 10;

    public async Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder("instances");
        var input = context.RunFolder("instances-input");
        var inbox = Directory.CreateDirectory(Path.Combine(folder, "inbox")).FullName;
        var database = await context.DatabaseAsync("instances", cancellationToken);
        var port = LoopbackPort.Free();
        OperationPlan plan;
        await using (var clean = await HarnessGateway.StartAsync(database.ConnectionString, port, new Dictionary<string, double>(), context.Seed, TimeoutHold))
        {
            plan = await OperationPlan.MakeAsync(clean, Scale, cancellationToken);
        }

        await GatewayPayments.WriteExportAsync(database, Path.Combine(inbox, "gateway-transactions.csv"), cancellationToken);
        using var faults = new FaultCounter();
        await using var gateway = await HarnessGateway.StartAsync(database.ConnectionString, port, FaultsScenario.Faults, context.Seed, TimeoutHold);
        List<string> settings = [.. WorkerSettings(database, folder), .. gateway.WorkerSettings, .. OperationSettings, .. TriggerOnceCheck.WorkerSettings];
        await using var first = WorkerProcess.StartLogged(Path.Combine(folder, "worker-1.log"), settings);
        await using var second = WorkerProcess.StartLogged(Path.Combine(folder, "worker-2.log"), settings);
        var ready = await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken) && await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
        log.Record("both instances ready", ready, $"pids {first.Id} and {second.Id}, one database, one drop folder {inbox}");

        using var api1 = new OperationsClient(first.BaseAddress, ApiKey);
        using var api2 = new OperationsClient(second.BaseAddress, ApiKey);
        var rounds = new OperationRounds([api1, api2], log);
        await Eventually.TrueAsync(async token => await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'processed'", token) == 1, TimeSpan.FromSeconds(60), cancellationToken);
        var operations = rounds.RequestAsync(plan, cancellationToken);
        var (dropped, copies) = await DropFilesAsync(input, inbox, log, cancellationToken);
        var ids = await operations;

        var distinct = dropped - copies + 1;
        var filesDone = await Eventually.TrueAsync(
            async token => !Directory.EnumerateFiles(inbox).Any()
                && await database.CountAsync("SELECT count(*) FROM intake.files WHERE status IN ('processed', 'duplicate')", token) >= dropped + 1
                && await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'processing'", token) == 0,
            TimeSpan.FromMinutes(3), cancellationToken, pollMilliseconds: 500);
        log.Record("drop folder emptied", filesDone, $"{Directory.EnumerateFiles(inbox).Count()} files left in the inbox");
        var (retries, statuses) = await rounds.FinishAsync(ids, TimeSpan.FromMinutes(4), cancellationToken);

        var processed = await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'processed'", cancellationToken);
        var twice = await database.CountAsync("SELECT count(*) FROM (SELECT sha256 FROM intake.files WHERE status = 'processed' GROUP BY sha256 HAVING count(*) > 1) twice", cancellationToken);
        var duplicates = await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'duplicate'", cancellationToken);
        log.Record("every file processed once", processed == distinct && twice == 0 && duplicates == copies,
            $"{dropped + 1} files dropped ({distinct} distinct contents, {copies} copies under other names): {processed} processed, {twice} contents processed twice, {duplicates} recorded as duplicates");
        var lines = await database.CountAsync("SELECT count(*) FROM acquirer.settlement_lines", cancellationToken);
        var counted = await database.CountAsync("SELECT coalesce(sum(lines_ok), 0) FROM intake.files WHERE status = 'processed' AND kind = 'settlement'", cancellationToken);
        var expectedLines = (long)(dropped - copies) * LinesPerFile;
        log.Record("every line stored once", lines == expectedLines && counted == expectedLines, $"{lines:N0} settlement lines stored, {counted:N0} counted on the files, {expectedLines:N0} expected");
        var archived = Directory.EnumerateFiles(Path.Combine(folder, "archive"), "*.csv", SearchOption.AllDirectories).Count(file => !file.EndsWith(".errors.csv", StringComparison.Ordinal));
        log.Record("every dropped file archived once", archived == dropped + 1, $"{archived} files in the archive for {dropped + 1} dropped");
        var instances = await database.GroupsAsync("SELECT claimed_by, count(*) FROM intake.files WHERE status IN ('processed', 'duplicate') GROUP BY claimed_by ORDER BY claimed_by", cancellationToken);
        // Without both instances taking files, the run would prove nothing about two instances.
        log.Record("both instances took files", instances.Count == 2, $"{string.Join(", ", instances.Select(row => Invariant($"{row.Key} {row.Count}")))}");

        log.Say($"{ids.Count} operations sent to two instances; {retries} retries by a person; faults injected: {faults.Total} ({faults.Describe()})");
        foreach (var check in await ExactlyOnceChecks.RunAsync(database, ids, statuses, cancellationToken))
        {
            log.Record(check);
        }

        log.Record(await TriggerOnceCheck.RunAsync(database, cancellationToken));
        await first.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await second.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new ScenarioResult(Name, 2, Invariant($"2 instances; {faults.Total} gateway faults"), log.Checks, log.Elapsed, Overran: false);
    }

    /// <summary>Drops the day's files in bursts of three, every fifth a copy of the one before under another name.</summary>
    private async Task<(int Dropped, int Copies)> DropFilesAsync(string input, string inbox, ScenarioLog log, CancellationToken cancellationToken)
    {
        var copies = 0;
        string? previous = null;
        for (var file = 0; file < Files; file++)
        {
            var name = Invariant($"settlement-{file:D3}.csv");
            var source = Path.Combine(input, name);
            if (file % 5 == 4 && previous is not null)
            {
                File.Copy(previous, source);
                copies++;
            }
            else
            {
                var first = file * LinesPerFile;
                await GeneratedDay.WriteAsync(source, GeneratedDay.SettlementHeader, LinesPerFile, i => GeneratedDay.Settled(first + i, first + i, "2026-01-12"));
            }

            // Written aside and renamed in, as a careful sender does.
            File.Copy(source, Path.Combine(inbox, name + ".part"));
            File.Move(Path.Combine(inbox, name + ".part"), Path.Combine(inbox, name));
            previous = source;
            if (file % 3 == 2)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }

        log.Say($"dropped {Files} settlement files of {LinesPerFile:N0} lines ({copies} copies of the previous file under a new name) in bursts of three, 2 s apart");
        return (Files, copies);
    }
}
