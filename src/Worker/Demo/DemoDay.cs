using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Operations;
using Settlement.Worker.Simulator;

namespace Settlement.Worker.Demo;

/// <summary>
/// The <c>demo</c> command's story, told on standard output while the worker runs as usual: a day of payments
/// through the simulator (the ledger learns them from its webhooks), the merchant's own captures and refunds,
/// the acquirer's settlement and chargeback files dropped into the inbox, the worker reconciling them and acting
/// on chargebacks, and the report at the end.
/// </summary>
public sealed partial class DemoDay(
    DemoCommand command,
    DefaultSimulatorSettings simulator,
    GatewayClient gateway,
    LedgerStore ledger,
    OperationRequests requests,
    DemoProgress progress,
    DropFolderPaths paths,
    ReconciliationReporter reporter,
    ExceptionStore exceptions,
    IHttpClientFactory httpClients,
    IClock clock,
    IHostApplicationLifetime lifetime,
    IServer server,
    IServiceProvider services,
    ILogger<DemoDay> logger) : BackgroundService
{
    private const int Seed = 20261124;

    // Visa and Amex customer-initiated PAs lapse after 7 days and are due a day before: the sweep of the sixth
    // night captures them; Mastercard pre-authorizations (30 days) are not due yet.
    private static readonly Duration SweepNightAhead = Duration.FromDays(6) + Duration.FromHours(2);

    // The story is for the person at the terminal, beside the log.
    private static TextWriter Output => Console.Out;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly AuditActor Merchant = AuditActor.Operator("demo merchant", "the merchant's back office, in the demo");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        try
        {
            await TellAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception);
            await Output.WriteLineAsync($"demo: stopped early: {exception.Message}");
        }

        if (command.ExitWhenDone)
        {
            lifetime.StopApplication();
        }
    }

    private async Task TellAsync(CancellationToken cancellationToken)
    {
        var today = clock.GetCurrentInstant().InUtc().Date;
        await SayAsync($"a day of traffic through the gateway simulator at {simulator.BaseUrl}");
        var plan = DemoDayPlan.Make(Seed);
        var made = new List<(DemoPayment Payment, string Id)>();
        foreach (var payment in plan)
        {
            var outcome = await gateway.SendInitialPaymentAsync(
                new InitialPaymentRequest(OperationIds.New(), payment.Type, payment.Amount, new PaymentCard(payment.Brand, DemoDayPlan.TestCardOf(payment.Brand), "Demo Shopper", 12, 2030, "123")),
                cancellationToken);
            if (outcome.Response is { IsSuccessful: true, Id: { } id })
            {
                made.Add((payment, id));
            }
        }

        await SayAsync($"{made.Count} payments made: {Describe(made.Select(entry => entry.Payment.Type.ToCode()))}; the ledger learns them from the gateway's webhooks");
        await WaitUntilAsync(async () => (await CountRecordedAsync(made, cancellationToken)) == made.Count, "the ledger records every payment", cancellationToken);

        var asked = 0;
        foreach (var (payment, id) in made)
        {
            OperationOrder? order = payment.Story switch
            {
                DemoStory.PartlyRefunded => new OperationOrder(TransactionType.Refund, id, Share(payment.Amount, 3), null, Merchant),
                DemoStory.PartlyCaptured => new OperationOrder(TransactionType.Capture, id, Share(payment.Amount, 2), null, Merchant),
                _ => null,
            };
            if (order is not null && (await requests.RequestAsync(order, cancellationToken)).IsSuccess)
            {
                asked++;
            }
        }

        await SayAsync($"the merchant asks for {asked} captures and refunds: each is a Hangfire job, see {DashboardUrl()}");
        await WaitForOperationsAsync(cancellationToken);

        var files = await WriteAcquirerFilesAsync(today, cancellationToken);
        await SayAsync($"the acquirer's files for {LocalDatePattern.Iso.Format(today)} arrive in {paths.Inbox}: {string.Join(", ", files.Select(Path.GetFileName))}");
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            await WaitUntilAsync(async () => await progress.FileStatusAsync(name, cancellationToken) is "processed" or "quarantined", $"{name} is ingested", cancellationToken);
        }

        await WaitUntilAsync(async () => await progress.DisputeEventsPendingAsync(cancellationToken) == 0, "every dispute event is acted on", cancellationToken);
        await SayAsync("ingested and reconciled; chargebacks in the dispute file became CB operations, their reversals CR operations");
        await WaitForOperationsAsync(cancellationToken);

        var finalAmounts = await WriteFinalAmountsAsync(today, made, cancellationToken);
        await SayAsync($"the hotel and the taxi company send their final amounts: {Path.GetFileName(finalAmounts)} closes {made.Count(entry => IsEstimate(entry.Payment))} estimated payments");
        await WaitUntilAsync(async () => await progress.FileStatusAsync(Path.GetFileName(finalAmounts), cancellationToken) is "processed" or "quarantined", "the final amounts are ingested", cancellationToken);
        await WaitUntilAsync(async () => await progress.FinalAmountsPendingAsync(cancellationToken) == 0, "every final amount is acted on", cancellationToken);
        await WaitForOperationsAsync(cancellationToken);
        var held = await progress.AwaitingApprovalAsync(cancellationToken);
        await SayAsync($"captures, releases, refunds and rebills follow; {held.Count} rebill(s) wait for a person (above the cap, or on a payment the gateway did not flag as an estimate)");
        foreach (var operationId in held)
        {
            // What an operator does with `op approve <id>` after reading the exception.
            await requests.ApproveAsync(operationId, "demo operator", cancellationToken);
        }

        if (held.Count > 0)
        {
            await SayAsync($"the demo approves them as an operator would (`op approve <id>`)");
            await WaitForOperationsAsync(cancellationToken);
        }

        var sweep = ActivatorUtilities.CreateInstance<CaptureSweep>(services, new NightsLaterClock(clock, SweepNightAhead));
        var swept = await sweep.SweepAsync(dryRun: false, cancellationToken);
        await SayAsync($"six nights later the capture sweep (every 15 min, `sweep captures`) finds the PAs nobody captured: {swept.Summary}");
        foreach (var outcome in swept.Taken.Where(outcome => outcome.Action is "capture" or "reverse"))
        {
            await SayAsync($"  {outcome.Decision.PaymentId}: {outcome.Reason}");
        }

        await WaitForOperationsAsync(cancellationToken);

        var report = await reporter.ReportAsync(today, cancellationToken);
        await Output.WriteLineAsync();
        await Output.WriteAsync(ReportCommandRunner.ToText(report));
        await Output.WriteLineAsync();
        await Output.WriteLineAsync("operations (requested by, kind, status, count)");
        foreach (var (requestedBy, kind, status, count) in await progress.OperationsAsync(cancellationToken))
        {
            await Output.WriteLineAsync($"  {requestedBy,-9} {kind}  {status,-13} {count,5}");
        }

        var open = await exceptions.ListAsync(openOnly: true, cancellationToken);
        await Output.WriteLineAsync();
        await Output.WriteLineAsync($"open exceptions: {open.Count} ({Describe(open.Select(item => item.Kind))}); list them with `exceptions --open`");
        await SayAsync(command.ExitWhenDone
            ? "done"
            : $"done; the worker keeps running: dashboard {DashboardUrl()}, reconciliation page {new Uri(WorkerUrl(), "/reconciliation")}; Ctrl-C stops it");
    }

    private async Task<IReadOnlyList<string>> WriteAcquirerFilesAsync(LocalDate date, CancellationToken cancellationToken)
    {
        // Some lines go missing, some amounts differ, some payments are disputed and some disputes are won:
        // the discrepancies reconciliation exists for.
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"simulator/acquirer-files?date={LocalDatePattern.Iso.Format(date)}&folder={Uri.EscapeDataString(paths.Inbox)}&seed={Seed}&missing=0.05&amountDifferences=0.05&extraChargebacks=0.15&extraReversals=0.5");
        using var http = httpClients.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseUrl, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.AccessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var written = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return [written["settlementFile"]!.GetValue<string>(), written["chargebacksFile"]!.GetValue<string>()];
    }

    /// <summary>Writes the final amounts of the day's estimates into the inbox: some above the estimate, one far above, some below.</summary>
    private async Task<string> WriteFinalAmountsAsync(LocalDate date, List<(DemoPayment Payment, string Id)> made, CancellationToken cancellationToken)
    {
        var csv = new System.Text.StringBuilder("payment_id,final_amount,currency,reference\n");
        var folio = 0;
        foreach (var (payment, id) in made.Where(entry => IsEstimate(entry.Payment)))
        {
            var percent = payment.Story switch
            {
                DemoStory.ClosesHigher => 115,
                DemoStory.ClosesFarHigher => 140,
                _ => 80,
            };
            var final = new Money(payment.Amount.MinorUnits * percent / 100, payment.Amount.Currency);
            csv.Append(CultureInfo.InvariantCulture, $"{id},{final.ToDecimal().ToString(CultureInfo.InvariantCulture)},{final.Currency.Code},FOLIO-{++folio}\n");
        }

        var path = Path.Combine(paths.Inbox, $"final-amounts-{LocalDatePattern.Iso.Format(date)}.csv");
        // Written under a hidden name and renamed, so the watcher never takes half a file.
        var partial = Path.Combine(paths.Inbox, $".{Path.GetFileName(path)}.partial");
        await File.WriteAllTextAsync(partial, csv.ToString(), cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static bool IsEstimate(DemoPayment payment) =>
        payment.Story is DemoStory.ClosesHigher or DemoStory.ClosesFarHigher or DemoStory.ClosesLower;

    private async Task<int> CountRecordedAsync(List<(DemoPayment Payment, string Id)> made, CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var (_, id) in made)
        {
            if (await ledger.FindPaymentAsync(id, cancellationToken) is not null)
            {
                recorded++;
            }
        }

        return recorded;
    }

    private Task WaitForOperationsAsync(CancellationToken cancellationToken) =>
        WaitUntilAsync(async () => await progress.OperationsInFlightAsync(cancellationToken) == 0, "every operation is executed", cancellationToken);

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds:0} s until {what}; look at the log above");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static Task SayAsync(string line) => Output.WriteLineAsync($"demo: {line}");

    private Uri WorkerUrl() => ListeningAddress.LoopbackHttp(server);

    private Uri DashboardUrl() => new(WorkerUrl(), "/hangfire");

    private static Money Share(Money amount, int divisor) => new(Math.Max(1, amount.MinorUnits / divisor), amount.Currency);

    private static string Describe<T>(IEnumerable<T> items) =>
        string.Join(", ", items.GroupBy(item => item).OrderBy(group => group.Key?.ToString(), StringComparer.Ordinal).Select(group => $"{group.Count()} {group.Key}"));

    [LoggerMessage(EventId = 5900, Level = LogLevel.Error, Message = "The demo stopped early")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
