using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using Settlement.Harness.State;
using static Settlement.Harness.Scenarios.HarnessContext;

namespace Settlement.Harness.Scenarios;

/// <summary>
/// The gateway fails 30 % of the POSTs in every way it can (timeouts with and without execution, HTTP 500, resets,
/// declines, lost responses) plus some latency, while a worker process executes a few hundred operations requested
/// through its API; declines are retried as a person would. Every operation must execute exactly once.
/// </summary>
internal sealed class FaultsScenario(HarnessContext context) : IScenario
{
    /// <summary>Failing kinds sum to 0.30; latency comes on top (it slows, it does not fail).</summary>
    public static readonly Dictionary<string, double> Faults = new(StringComparer.Ordinal)
    {
        ["timeout"] = 0.05,
        ["timeout-executed"] = 0.05,
        ["http500"] = 0.05,
        ["reset"] = 0.05,
        ["decline"] = 0.05,
        ["response-lost"] = 0.05,
        ["latency"] = 0.03,
    };

    public string Name => "faults";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(10);

    private int Scale => context.Quick ? 6 : 20;

    public async Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken)
    {
        var folder = context.RunFolder("faults");
        var database = await context.DatabaseAsync("faults", cancellationToken);
        var port = LoopbackPort.Free();
        OperationPlan plan;
        await using (var clean = await HarnessGateway.StartAsync(database.ConnectionString, port, new Dictionary<string, double>(), context.Seed, TimeoutHold))
        {
            plan = await OperationPlan.MakeAsync(clean, Scale, cancellationToken);
        }

        await GatewayPayments.WriteExportAsync(database, Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "inbox")).FullName, "gateway-transactions.csv"), cancellationToken);
        using var faults = new FaultCounter();
        await using var gateway = await HarnessGateway.StartAsync(database.ConnectionString, port, Faults, context.Seed, TimeoutHold);
        log.Say($"{plan.Operations.Count} operations planned; gateway {gateway.BaseAddress} failing {Faults.Where(fault => fault.Key != "latency").Sum(fault => fault.Value):P0} of POSTs ({string.Join(", ", Faults.Select(fault => $"{fault.Key} {fault.Value:P0}"))})");

        await using var worker = WorkerProcess.StartLogged(Path.Combine(folder, "worker.log"), [.. WorkerSettings(database, folder), .. gateway.WorkerSettings, .. OperationSettings]);
        var ready = await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken)
            && await Eventually.TrueAsync(async token => await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'processed'", token) == 1, TimeSpan.FromSeconds(60), cancellationToken);
        log.Record("worker ready with the payments in its ledger", ready, $"{await database.CountAsync("SELECT count(*) FROM ledger.payments", cancellationToken)} payments from the gateway's export");

        using var api = new OperationsClient(worker.BaseAddress, ApiKey);
        var rounds = new OperationRounds([api], log);
        var ids = await rounds.RequestAsync(plan, cancellationToken);
        var (retries, statuses) = await rounds.FinishAsync(ids, TimeSpan.FromMinutes(4), cancellationToken);
        var attempts = await database.CountAsync("SELECT coalesce(sum(attempts), 0) FROM operations.operations WHERE operation_id = ANY(@ids)", cancellationToken, ("ids", ids.ToArray()));
        log.Say($"{ids.Count} operations sent; {attempts} POSTs to the gateway; {retries} retries by a person (after declines); faults injected: {faults.Total} ({faults.Describe()})");
        foreach (var check in await ExactlyOnceChecks.RunAsync(database, ids, statuses, cancellationToken))
        {
            log.Record(check);
        }

        var failing = Faults.Keys.Where(kind => kind != "latency").ToList();
        var seen = faults.Counts.Keys.Select(kind => kind.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var missing = failing.Where(kind => !seen.Contains(kind.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant())).ToList();
        // With fewer than ~150 POSTs a 5 % kind can miss by chance (quick runs): then the kinds are told, not required.
        var everyKindRequired = attempts >= 150;
        log.Record("faults really injected", faults.Total >= attempts / 5 && (missing.Count == 0 || !everyKindRequired),
            $"{faults.Total} faults on {attempts} POSTs ({(attempts == 0 ? 0 : (double)faults.Total / attempts):P0}); kinds never drawn: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}{(everyKindRequired ? string.Empty : " (not required below 150 POSTs)")}");
        await worker.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new ScenarioResult(Name, 1, Invariant($"{faults.Total} faults ({faults.Describe()})"), log.Checks, log.Elapsed, Overran: false);
    }
}
