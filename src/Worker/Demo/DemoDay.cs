using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.Matching;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Operations;
using Settlement.Worker.Simulator;

namespace Settlement.Worker.Demo;

/// <summary>
/// The <c>demo</c> command's story, told on standard output while the worker runs as usual (its log goes to a file):
/// a day of payments through the simulator (the ledger learns them from its webhooks), the merchant's captures and
/// refunds, estimated payments closed at their final amounts, the capture sweep, the acquirer's dispute files (a
/// chargeback and, once the merchant wins, its reversal), the settlement file reconciled line by line, the legs the
/// acquirer never settled, and the report.
/// </summary>
/// <remarks>
/// Every number told is read back from the worker's tables after the step happened (<see cref="DemoProgress"/>), so
/// the story says what the worker did, not what the demo meant it to do; the demo's test checks each claim against
/// the rows behind it.
/// </remarks>
public sealed partial class DemoDay(
    DemoCommand command,
    DemoLog log,
    DefaultSimulatorSettings simulator,
    GatewayClient gateway,
    OperationRequests requests,
    DemoProgress progress,
    DropFolderPaths paths,
    MatchingOptions matching,
    ExceptionStore exceptions,
    IHttpClientFactory httpClients,
    IClock clock,
    IHostApplicationLifetime lifetime,
    IServer server,
    IServiceProvider services,
    ILogger<DemoDay> logger) : BackgroundService
{
    /// <summary>The seed of the day's amounts and of the acquirer's discrepancies: every run tells the same day.</summary>
    public const int Seed = 20261124;

    // The acquirer's discrepancy rates: with the seed, each kind of outcome occurs (checked by the demo's test).
    private const string SettlementDiscrepancies = "missing=0.1&amountDifferences=0.15&duplicates=0.05&unknown=0.04";
    private const string DisputeRate = "extraChargebacks=0.1";

    // Visa and Amex customer-initiated PAs lapse after 7 days and are due a day before: the sweep of the sixth
    // night captures them; Mastercard pre-authorizations (30 days) are not due yet.
    private static readonly Duration SweepNightAhead = Duration.FromDays(6) + Duration.FromHours(2);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly AuditActor Merchant = AuditActor.Operator("demo merchant", "the merchant's back office, in the demo");

    // The story is for the person at the terminal; the frameworks' log is in a file.
    private static TextWriter Output => Console.Out;

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
            await Output.WriteLineAsync($"demo: stopped early: {exception.Message} (the log: {log.Path})");
        }

        if (command.ExitWhenDone)
        {
            lifetime.StopApplication();
        }
    }

    private async Task TellAsync(CancellationToken cancellationToken)
    {
        var today = clock.GetCurrentInstant().InUtc().Date;
        var day = LocalDatePattern.Iso.Format(today);
        await SayAsync($"a day of card payments, {day}, start to finish; the worker's own log is in {log.Path}");

        // 1. Shoppers pay: the ledger learns each payment from the gateway's webhook.
        var made = await PayAsync(cancellationToken);
        var paymentIds = made.Select(entry => entry.Id).ToList();
        await WaitUntilAsync(async () => await progress.RecordedPaymentsAsync(paymentIds, cancellationToken) == made.Count, "the ledger records every payment", cancellationToken);
        await SayAsync($"1. {made.Count} payments through the gateway simulator ({Describe(made.Select(entry => entry.Payment.Type.ToCode()))}); "
            + $"the ledger recorded {await progress.RecordedPaymentsAsync(paymentIds, cancellationToken)} from the gateway's webhooks");

        // 2. The merchant's own captures and refunds, each a Hangfire job.
        var asked = new List<string>();
        foreach (var (payment, id) in made)
        {
            OperationOrder? order = payment.Story switch
            {
                DemoStory.PartlyRefunded => new OperationOrder(TransactionType.Refund, id, Share(payment.Amount, 3), null, Merchant),
                DemoStory.PartlyCaptured => new OperationOrder(TransactionType.Capture, id, Share(payment.Amount, 2), null, Merchant),
                _ => null,
            };
            if (order is not null && await requests.RequestAsync(order, cancellationToken) is { IsSuccess: true } requested)
            {
                asked.Add(requested.Value.Id);
            }
        }

        await WaitForAsync(asked, cancellationToken);
        await SayAsync($"2. the merchant captures and refunds part of some payments: {await OperationsAsync(asked, cancellationToken)}; each is a Hangfire job on {DashboardUrl()}");

        // 3. Estimated payments (hotel stays, taxi rides) close at their final amounts.
        var finalAmounts = await WriteFinalAmountsAsync(today, made, cancellationToken);
        var finalFile = await IngestedAsync(finalAmounts, cancellationToken);
        await WaitUntilAsync(async () => await progress.FinalAmountsPendingAsync(finalFile, cancellationToken) == 0, "every final amount is acted on", cancellationToken);
        var closing = await progress.FinalAmountOperationsAsync(finalFile, cancellationToken);
        var held = await progress.AwaitingApprovalAsync(closing, cancellationToken);
        foreach (var operationId in held)
        {
            // What an operator does with `op approve <id>` after reading the rebill's exception.
            await requests.ApproveAsync(operationId, "demo operator", cancellationToken);
        }

        await WaitForAsync(closing, cancellationToken);
        await SayAsync($"3. the hotel and the taxi company send final amounts for {made.Count(entry => IsEstimate(entry.Payment))} estimated payments ({Path.GetFileName(finalAmounts)}): "
            + $"{await OperationsAsync(closing, cancellationToken)}; {Count(held.Count, "rebill")} waited for a person's approval (above the cap, or not flagged as an estimate), given here as `op approve <id>` gives it");

        // 4. The capture sweep, as it runs six nights from now: the PAs nobody captured are captured before they lapse.
        var sweep = ActivatorUtilities.CreateInstance<CaptureSweep>(services, new NightsLaterClock(clock, SweepNightAhead));
        var swept = await sweep.SweepAsync(dryRun: false, cancellationToken);
        var sweptIds = swept.Taken.Where(outcome => outcome.Operation is not null).Select(outcome => outcome.Operation!.Id).ToList();
        await WaitForAsync(sweptIds, cancellationToken);
        await SayAsync($"4. the capture sweep (every 15 min), run as it will be six nights from now: {swept.Count("capture")} of the {swept.Considered} open PAs "
            + $"would lapse within a day; captured before expiry: {await OperationsAsync(sweptIds, cancellationToken)}");

        // 5. The acquirer's dispute file: chargebacks become CB operations.
        var disputes = await WriteAcquirerFileAsync(today, "chargebacks", DisputeRate, cancellationToken);
        var disputeFile = await IngestedAsync(disputes, cancellationToken);
        await WaitUntilAsync(async () => await progress.DisputeEventsPendingAsync(disputeFile, cancellationToken) == 0, "every dispute event is acted on", cancellationToken);
        var chargebacks = await progress.DisputeActionsAsync(disputeFile, cancellationToken);
        var chargebackIds = chargebacks.Where(acted => acted.OperationId is not null).Select(acted => acted.OperationId!).ToList();
        await WaitForAsync(chargebackIds, cancellationToken);
        await SayAsync($"5. the acquirer's dispute file ({Path.GetFileName(disputes)}): {chargebacks.Count(acted => acted.Event == "CHARGEBACK")} chargebacks; "
            + $"the worker sent them to the gateway: {await OperationsAsync(chargebackIds, cancellationToken)}");

        // 6. The merchant wins the first dispute: the acquirer's next dispute file reverses it, and a CR follows.
        var won = chargebacks.FirstOrDefault(acted => acted.Event == "CHARGEBACK" && acted.Action == "chargeback_requested")
            ?? throw new InvalidOperationException("the acquirer's dispute file held no chargeback to win");
        var reversal = await WriteReversalAsync(today, won, cancellationToken);
        var reversalFile = await IngestedAsync(reversal, cancellationToken);
        await WaitUntilAsync(async () => await progress.DisputeEventsPendingAsync(reversalFile, cancellationToken) == 0, "the reversal is acted on", cancellationToken);
        var reversed = await progress.DisputeActionsAsync(reversalFile, cancellationToken);
        var reversalIds = reversed.Where(acted => acted.OperationId is not null).Select(acted => acted.OperationId!).ToList();
        await WaitForAsync(reversalIds, cancellationToken);
        await SayAsync($"6. the merchant wins dispute {won.DisputeId} and the acquirer reverses it ({Path.GetFileName(reversal)}): {await OperationsAsync(reversalIds, cancellationToken)}");

        // 7. The acquirer's settlement file of the day, reconciled line by line.
        var settlement = await WriteAcquirerFileAsync(today, "settlement", SettlementDiscrepancies, cancellationToken);
        var settlementFile = await IngestedAsync(settlement, cancellationToken);
        await WaitUntilAsync(async () => await progress.LinesUndecidedAsync(settlementFile, cancellationToken) == 0, "every settlement line is decided", cancellationToken);
        var outcomes = await progress.LineOutcomesAsync(settlementFile, cancellationToken);
        await SayAsync($"7. the acquirer's settlement file ({Path.GetFileName(settlement)}, {outcomes.Values.Sum()} lines) reconciled: "
            + string.Join(", ", Outcomes.Select(outcome => $"{outcomes.GetValueOrDefault(outcome.Code)} {outcome.Words}"))
            + $" (this demo tolerates {new Money(matching.AmountToleranceMinor, Currency.Eur)} a line)");

        // 8. Past the settlement lag, what the acquirer never settled is missing.
        var later = new NightsLaterClock(clock, matching.ExpectedSettlementLag + Duration.FromDays(1));
        await ActivatorUtilities.CreateInstance<MissingSettlementAging>(services, later).AgeAsync(cancellationToken);
        var legs = await progress.TransactionsOfAsync(paymentIds, cancellationToken);
        var missing = await progress.OpenExceptionsOnAsync(ExceptionKind.MissingSettlement, legs, cancellationToken);
        await SayAsync($"8. {(matching.ExpectedSettlementLag + Duration.FromDays(1)).Days} days later, past the acquirer's settlement lag: {Count(missing, "leg")} it never settled {(missing == 1 ? "is" : "are")} missing");

        var report = await ActivatorUtilities.CreateInstance<ReconciliationReporter>(services, later).ReportAsync(today, cancellationToken);
        await Output.WriteLineAsync();
        await Output.WriteAsync(ReportText.Of(report));
        await Output.WriteLineAsync();
        var open = await exceptions.ListAsync(openOnly: true, cancellationToken);
        await SayAsync($"open exceptions: {open.Count} ({Describe(open.Select(item => item.Kind))}); `exceptions --open` lists them, so does {new Uri(WorkerUrl(), "/reconciliation")}");
        await SayAsync(command.ExitWhenDone
            ? "done"
            : $"done; the worker keeps running: dashboard {DashboardUrl()}, reconciliation page {new Uri(WorkerUrl(), "/reconciliation")}; Ctrl-C stops it");
    }

    private static readonly (string Code, string Words)[] Outcomes =
    [
        ("matched", "matched"), ("matched_within_tolerance", "within tolerance"), ("amount_mismatch", "amount mismatch"),
        ("unmatched", "unmatched"), ("duplicate", "duplicate"), ("batch", "fee and payout"),
    ];

    private async Task<List<(DemoPayment Payment, string Id)>> PayAsync(CancellationToken cancellationToken)
    {
        var made = new List<(DemoPayment Payment, string Id)>();
        foreach (var payment in DemoDayPlan.Make(Seed))
        {
            var outcome = await gateway.SendInitialPaymentAsync(
                new InitialPaymentRequest(OperationIds.New(), payment.Type, payment.Amount, new PaymentCard(payment.Brand, DemoDayPlan.TestCardOf(payment.Brand), "Demo Shopper", 12, 2030, "123")),
                cancellationToken);
            if (outcome.Response is { IsSuccessful: true, Id: { } id })
            {
                made.Add((payment, id));
            }
        }

        return made;
    }

    /// <summary>The simulator's acquirer file of the day (its settlement or its dispute file), written into the inbox.</summary>
    private async Task<string> WriteAcquirerFileAsync(LocalDate date, string file, string discrepancies, CancellationToken cancellationToken)
    {
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"simulator/acquirer-files?date={LocalDatePattern.Iso.Format(date)}&folder={Uri.EscapeDataString(paths.Inbox)}&seed={Seed}&files={file}&{discrepancies}");
        using var http = httpClients.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseUrl, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.AccessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var written = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return written[file == "settlement" ? "settlementFile" : "chargebacksFile"]!.GetValue<string>();
    }

    /// <summary>The acquirer's next dispute file: the merchant won the dispute, and the chargeback is reversed.</summary>
    private Task<string> WriteReversalAsync(LocalDate date, DisputeActed won, CancellationToken cancellationToken)
    {
        var currency = Currency.FromCode(won.Currency!);
        var amount = new Money(won.AmountMinor!.Value, currency).FormatAmount();
        var csv = "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by\n"
            + $"{won.DisputeId},CHARGEBACK_REVERSAL,{LocalDatePattern.Iso.Format(date)},{won.PaymentId},{won.MerchantReference},,{amount},{currency.Code},{won.Scheme},{won.ReasonCode},Representment accepted,\n";
        return WriteToInboxAsync($"chargebacks-{LocalDatePattern.Iso.Format(date)}-won.csv", csv, cancellationToken);
    }

    /// <summary>Writes the final amounts of the day's estimates into the inbox: some above the estimate, one far above, some below.</summary>
    private Task<string> WriteFinalAmountsAsync(LocalDate date, List<(DemoPayment Payment, string Id)> made, CancellationToken cancellationToken)
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

        return WriteToInboxAsync($"final-amounts-{LocalDatePattern.Iso.Format(date)}.csv", csv.ToString(), cancellationToken);
    }

    private async Task<string> WriteToInboxAsync(string name, string text, CancellationToken cancellationToken)
    {
        var path = Path.Combine(paths.Inbox, name);
        // Written under a hidden name and renamed, so the watcher never takes half a file.
        var partial = Path.Combine(paths.Inbox, $".{name}.partial");
        await File.WriteAllTextAsync(partial, text, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Waits until the drop folder took the file in, and returns its file id.</summary>
    private async Task<long> IngestedAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        (long FileId, string Status)? file = null;
        await WaitUntilAsync(async () => (file = await progress.FileAsync(name, cancellationToken)) is { Status: "processed" or "quarantined" or "duplicate" }, $"{name} is taken in", cancellationToken);
        return file!.Value.Status == "processed"
            ? file.Value.FileId
            : throw new InvalidOperationException($"{name} was {file.Value.Status}, not processed");
    }

    private static bool IsEstimate(DemoPayment payment) =>
        payment.Story is DemoStory.ClosesHigher or DemoStory.ClosesFarHigher or DemoStory.ClosesLower;

    private Task WaitForAsync(IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken) =>
        WaitUntilAsync(async () => await progress.InFlightAsync(operationIds, cancellationToken) == 0, "every operation is executed", cancellationToken);

    /// <summary>The operations by kind and status, in words: "4 CP succeeded, 4 RF succeeded".</summary>
    private async Task<string> OperationsAsync(IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken)
    {
        var rows = await progress.OperationsAsync(operationIds, cancellationToken);
        return rows.Count == 0 ? "no operations" : string.Join(", ", rows.Select(row => $"{row.Count} {row.Kind} {row.Status}"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds:0} s until {what}");
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

    private static string Count(long count, string thing) => count == 1 ? $"1 {thing}" : $"{count} {thing}s";

    private static Money Share(Money amount, int divisor) => new(Math.Max(1, amount.MinorUnits / divisor), amount.Currency);

    private static string Describe<T>(IEnumerable<T> items) =>
        string.Join(", ", items.GroupBy(item => item).OrderBy(group => group.Key?.ToString(), StringComparer.Ordinal).Select(group => $"{group.Count()} {group.Key}"));

    [LoggerMessage(EventId = LogEvents.Demo.StoppedEarly, Level = LogLevel.Error, Message = "The demo stopped early")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
