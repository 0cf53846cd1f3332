using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Tests.Ingestion;
using Settlement.Tests.Operations;
using Settlement.Worker.Commands;
using Settlement.Worker.EstimatedAuthorizations;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Schedules;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.EstimatedAuthorizations;

/// <summary>
/// Final amounts closing estimated payments end to end: a final-amounts file (or HTTP), the automation, the
/// operations pipeline with its Hangfire jobs, and the gateway simulator. The rebill cap is the default: 20 % of
/// the authorized amount, 100.00 EUR.
/// </summary>
[Collection(OperationsHostGroup.Name)]
public sealed class FinalAmountLifecycleTests(OperationsHost host) : IDisposable
{
    private const string Header = "payment_id,merchant_transaction_id,final_amount,currency,reference\n";

    private readonly IngestionFolder _folder = new(host.DataSource);
    private readonly HttpClient _http = new() { BaseAddress = host.WorkerAddress };
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private FinalAmountAutomation Automation => host.Services.GetRequiredService<FinalAmountAutomation>();

    [Fact]
    public async Task A_final_amount_that_fits_the_pa_captures_the_difference_then_reverses_the_rest_once_however_often_it_comes()
    {
        var pa = await EstimatedAsync(PreAuthorization, "200.00");
        await host.WaitForSuccessAsync((await host.RequestAsync(Capture, pa, Eur("150.00"))).Id);

        await DeliverTwiceAsync("fits", $"{pa},,180.00,EUR,FOLIO-H77\n");
        var (capture, reversal) = await SucceededAsync(pa) switch { [var first, var second] => (first, second), var other => throw new InvalidOperationException($"{other.Count} operations") };

        Assert.Equal((Capture, Eur("30.00")), (capture.Kind, capture.Amount!.Value));
        Assert.Equal((Reversal, capture.Id), (reversal.Kind, reversal.AfterOperationId));
        var payment = await PaymentAsync(pa);
        Assert.Equal([PreAuthorization, Capture, Capture, Reversal], payment.Transactions.Select(leg => leg.Type));
        Assert.Equal((Eur("180.00"), Eur("20.00"), Eur("0.00")), (payment.Balances.Captured, payment.Balances.Reversed, payment.Balances.Open));
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE payment_id = @pa AND payment_type IN ('CP', 'RV') AND merchant_transaction_id = ANY(@ids)", ("pa", pa), ("ids", new[] { capture.Id, reversal.Id })));
        Assert.Contains("capture 30.00 EUR, then reverse the rest 20.00 EUR", (await ActionAsync(pa)).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_final_amount_above_the_pa_captures_all_that_is_open_then_rebills_the_difference()
    {
        var pa = await EstimatedAsync(PreAuthorization, "100.00");

        await DeliverAsync("above", $"{pa},,115.00,EUR,FOLIO-1\n");
        var operations = await SucceededAsync(pa);

        Assert.Equal([(Capture, Eur("100.00")), (Rebill, Eur("15.00"))], operations.Select(operation => (operation.Kind, operation.Amount!.Value)));
        var payment = await PaymentAsync(pa);
        Assert.Equal((Eur("100.00"), Eur("15.00")), (payment.Balances.Captured, payment.Balances.Rebilled));
    }

    [Fact]
    public async Task A_final_amount_below_what_the_pa_captured_refunds_the_excess()
    {
        var pa = await EstimatedAsync(PreAuthorization, "100.00");
        var captured = await host.WaitForSuccessAsync((await host.RequestAsync(Capture, pa, Eur("100.00"))).Id);

        await DeliverAsync("below", $"{pa},,80.00,EUR,FOLIO-2\n");
        var refund = Assert.Single(await SucceededAsync(pa));

        Assert.Equal((Refund, captured.GatewayTransactionId, Eur("20.00")), (refund.Kind, refund.ReferencedId, refund.Amount!.Value));
        Assert.Equal(Eur("20.00"), (await PaymentAsync(pa)).Balances.Refunded);
    }

    [Fact]
    public async Task A_final_amount_above_a_debit_named_by_its_merchant_reference_rebills_the_difference()
    {
        var reference = "RIDE-" + _run;
        var db = await EstimatedAsync(Debit, "20.00", reference);

        await DeliverAsync("ride", $",{reference},23.50,EUR,TRIP-5531\n");
        var rebill = Assert.Single(await SucceededAsync(db));

        Assert.Equal((Rebill, db, Eur("3.50")), (rebill.Kind, rebill.ReferencedId, rebill.Amount!.Value));
        Assert.Equal(Eur("3.50"), (await PaymentAsync(db)).Balances.Rebilled);
    }

    [Fact]
    public async Task A_final_amount_below_a_debit_refunds_the_excess()
    {
        var db = await EstimatedAsync(Debit, "20.00");

        await DeliverAsync("short-ride", $"{db},,15.00,EUR,TRIP-2\n");

        Assert.Equal((Refund, Eur("5.00")), Assert.Single(await SucceededAsync(db)) is var refund ? (refund.Kind, refund.Amount!.Value) : default);
        Assert.Equal(Eur("5.00"), (await PaymentAsync(db)).Balances.Refunded);
    }

    [Fact]
    public async Task A_final_amount_equal_to_the_debit_is_recorded_as_closed_and_moves_nothing()
    {
        var db = await EstimatedAsync(Debit, "20.00");

        await DeliverAsync("exact", $"{db},,20.00,EUR,TRIP-3\n");

        var action = await ActionAsync(db);
        Assert.Equal(("closed", 0), (action.Action, action.OperationIds.Length));
        Assert.Contains("nothing moves", action.Explanation, StringComparison.Ordinal);
        Assert.Equal(0L, await OperationCountAsync(db));
    }

    [Fact]
    public async Task A_rebill_above_the_cap_waits_without_a_job_until_op_approve_sends_it_and_the_approval_is_audited()
    {
        var db = await EstimatedAsync(Debit, "20.00");

        await DeliverAsync("long-ride", $"{db},,30.00,EUR,TRIP-4\n");
        var action = await ActionAsync(db);
        var held = (await host.Operations.FindAsync(Assert.Single(action.OperationIds), CancellationToken.None))!;

        Assert.Equal("awaiting_approval", action.Action);
        Assert.Equal((OperationStatus.AwaitingApproval, null, Eur("10.00")), (held.Status, held.JobId, held.Amount!.Value));
        Assert.Contains("exceeds the cap of 20 %", action.Explanation, StringComparison.Ordinal);
        Assert.Equal("open", await ExceptionStatusAsync("rebill_awaiting_approval", OperationStore.ApprovalSubject(held.Id)));
        await Automation.ActAsync(CancellationToken.None);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE payment_id = @db AND payment_type = 'RB'", ("db", db)));

        using var output = new StringWriter();
        var exit = await host.CommandRunner.RunAsync(Parse($"op approve {held.Id} --by jane"), output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("approved by jane", output.ToString(), StringComparison.Ordinal);
        await host.WaitForSuccessAsync(held.Id);
        Assert.Equal(Eur("10.00"), (await PaymentAsync(db)).Balances.Rebilled);
        Assert.Equal("resolved", await ExceptionStatusAsync("rebill_awaiting_approval", OperationStore.ApprovalSubject(held.Id)));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM ledger.audit_log WHERE payment_id = @db AND action = 'operation.approved' AND actor_kind = 'operator' AND actor = 'jane'", ("db", db)));
    }

    [Fact]
    public async Task Approving_an_operation_not_awaiting_approval_exits_1_and_says_why()
    {
        var db = await EstimatedAsync(Debit, "20.00");
        var refund = await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("1.00"))).Id);
        using var error = new StringWriter();

        var exit = await host.CommandRunner.RunAsync(Parse($"op approve {refund.Id}"), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal($"settlement: operation {refund.Id} is succeeded, not awaiting approval", error.ToString().Trim());
    }

    [Fact]
    public async Task A_capture_goes_at_once_while_the_rebill_after_it_waits_and_the_api_approves_it()
    {
        var pa = await EstimatedAsync(PreAuthorization, "100.00");

        await DeliverAsync("big-stay", $"{pa},,150.00,EUR,FOLIO-5\n");
        var ids = (await ActionAsync(pa)).OperationIds;
        await host.WaitForSuccessAsync(ids[0]);
        Assert.Equal(OperationStatus.AwaitingApproval, (await host.Operations.FindAsync(ids[1], CancellationToken.None))!.Status);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{ids[1]}/approve") { Content = JsonContent.Create(new { approvedBy = "joe" }) };
        request.Headers.Add("X-Api-Key", OperationsHost.ApiKey);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.WaitForSuccessAsync(ids[1]);
        Assert.Equal((Eur("100.00"), Eur("50.00")), (await PaymentAsync(pa)).Balances is var balances ? (balances.Captured, balances.Rebilled) : default);
    }

    [Fact]
    public async Task An_unknown_payment_and_a_final_amount_in_another_currency_are_recorded_with_an_exception_each()
    {
        var db = await EstimatedAsync(Debit, "20.00");
        var unknown = "0000" + _run;

        await DeliverAsync("odd", $"{unknown},,10.00,EUR,X-1\n{db},,20.00,USD,X-2\n");

        Assert.Equal("refused", (await ActionAsync(db)).Action);
        Assert.Equal(0L, await OperationCountAsync(db));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM recon.exceptions WHERE kind = 'final_amount_refused' AND transaction_id = @db AND summary LIKE '%never converted%'", ("db", db)));
        Assert.Equal(1L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM recon.final_amount_actions a JOIN acquirer.final_amounts f USING (file_id, line_number) JOIN recon.exceptions e ON e.subject = 'final amount ' || a.file_id || ':' || a.line_number WHERE f.payment_id = @id AND a.action = 'unmatched' AND e.kind = 'unmatched_final_amount'",
            ("id", unknown)));
    }

    [Fact]
    public async Task A_crash_between_requesting_and_recording_moves_no_money_twice()
    {
        var db = await EstimatedAsync(Debit, "20.00");
        await DeliverAsync("crash", $"{db},,24.00,EUR,TRIP-6\n");
        var rebill = Assert.Single((await ActionAsync(db)).OperationIds);

        // The run that requested the rebill "crashed" before its record: the final amount is pending again.
        await host.ScalarAsync<int?>("DELETE FROM recon.final_amount_actions WHERE payment_id = @db", ("db", db));
        await Automation.ActAsync(CancellationToken.None);
        await host.WaitForSuccessAsync(rebill);
        await Automation.ActAsync(CancellationToken.None);

        Assert.Equal("closed", (await ActionAsync(db)).Action);
        Assert.Equal(1L, await OperationCountAsync(db));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE payment_id = @db AND payment_type = 'RB'", ("db", db)));
        Assert.Equal(Eur("4.00"), (await PaymentAsync(db)).Balances.Rebilled);
    }

    [Fact]
    public async Task A_final_amount_posted_over_http_is_acted_on_like_a_file_line_and_a_second_one_for_the_payment_is_a_conflict()
    {
        var db = await EstimatedAsync(Debit, "20.00");

        using var first = await PostFinalAmountAsync(new { paymentId = db, amount = "22.00", currency = "EUR", reference = "TRIP-7", submittedBy = "taxi-app" });
        using var again = await PostFinalAmountAsync(new { paymentId = db, amount = "25.00", currency = "EUR", reference = "TRIP-7" });
        using var bad = await PostFinalAmountAsync(new { paymentId = db, amount = "22.001", currency = "EUR" });
        using var anonymous = await _http.PostAsJsonAsync("/api/final-amounts", new { paymentId = db, amount = "22.00", currency = "EUR" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var answer = (await first.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("requested", (string?)answer["action"]);
        var rebill = await host.WaitForSuccessAsync((string)answer["operationIds"]![0]!);
        Assert.Equal((Rebill, Eur("2.00")), (rebill.Kind, rebill.Amount!.Value));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already has a final amount (22.00 EUR from POST /api/final-amounts by taxi-app line 1)", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(1L, await OperationCountAsync(db));
    }

    [Fact]
    public async Task The_scheduled_work_named_final_amounts_acts_on_what_is_pending()
    {
        var db = await EstimatedAsync(Debit, "20.00");
        var file = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_run}-nightly.csv", Header + $"{db},,19.00,EUR,TRIP-8\n"), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Processed, file.Status);

        var work = Assert.Single(host.Services.GetServices<IScheduledWork>(), candidate => candidate.Name == "final-amounts");
        var summary = await work.RunAsync(CancellationToken.None);

        Assert.StartsWith("1 final amount(s) acted on", summary, StringComparison.Ordinal);
        Assert.Equal(Refund, Assert.Single(await SucceededAsync(db)).Kind);
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private static OpCommand Parse(string commandLine) => (OpCommand)CommandLine.Parse(commandLine.Split(' ')).Command;

    /// <summary>A payment made at the simulator and recorded in the ledger as an estimate, with an optional merchant reference.</summary>
    private async Task<string> EstimatedAsync(TransactionType type, string amount, string? merchantReference = null)
    {
        var response = await host.SetupClient.PayAsync(type, Eur(amount));
        var recorded = await host.Ledger.StartPaymentAsync(
            new NewPayment(response.Id!, type, Eur(amount), response.Timestamp ?? Instant.FromUnixTimeSeconds(0), response.ResultCode, merchantReference,
                new PaymentDetails { AuthorizationKind = AuthorizationKind.Estimated }),
            AuditActor.Gateway("simulator", "test payment"),
            CancellationToken.None);
        Assert.True(recorded.IsSuccess);
        return response.Id!;
    }

    private async Task DeliverAsync(string name, string lines)
    {
        var file = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_run}-{name}.csv", Header + lines), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Processed, file.Status);
        await Automation.ActAsync(CancellationToken.None);
    }

    /// <summary>Delivers the file, then the same bytes again, then the same lines in a renamed copy, acting after each.</summary>
    private async Task DeliverTwiceAsync(string name, string lines)
    {
        await DeliverAsync(name, lines);
        var again = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_run}-{name}-again.csv", Header + lines), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Duplicate, again.Status);
        var copy = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_run}-{name}-copy.csv", Header + lines + "\n"), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(copy.LinesTotal, copy.LinesDuplicate);
        await Automation.ActAsync(CancellationToken.None);
    }

    private async Task<List<Operation>> SucceededAsync(string paymentId)
    {
        var succeeded = new List<Operation>();
        foreach (var id in (await ActionAsync(paymentId)).OperationIds)
        {
            succeeded.Add(await host.WaitForSuccessAsync(id));
        }

        Assert.Equal(succeeded.Count, await OperationCountAsync(paymentId));
        return succeeded;
    }

    private Task<Payment> PaymentAsync(string paymentId) => host.Ledger.FindPaymentAsync(paymentId, CancellationToken.None)!;

    private async Task<(string Action, string[] OperationIds, string Explanation)> ActionAsync(string paymentId)
    {
        await using var command = host.DataSource.CreateCommand("SELECT action, operation_ids, explanation FROM recon.final_amount_actions WHERE payment_id = @payment");
        command.Parameters.AddWithValue("payment", paymentId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"no action recorded for {paymentId}");
        var action = (reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetString(2));
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken), $"more than one action for {paymentId}");
        return action;
    }

    /// <summary>Operations the rule requested on the payment (any of its transactions).</summary>
    private Task<long> OperationCountAsync(string paymentId) =>
        host.ScalarAsync<long>(
            "SELECT count(*) FROM operations.operations o JOIN ledger.transactions t ON t.transaction_id = o.referenced_id WHERE t.payment_id = @payment AND o.requested_by = @rule",
            ("payment", paymentId),
            ("rule", FinalAmountAutomation.RuleName));

    private Task<string> ExceptionStatusAsync(string kind, string subject) =>
        host.ScalarAsync<string>("SELECT status FROM recon.exceptions WHERE kind = @kind AND subject = @subject", ("kind", kind), ("subject", subject));

    private async Task<HttpResponseMessage> PostFinalAmountAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/final-amounts") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", OperationsHost.ApiKey);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
