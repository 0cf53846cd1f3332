using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Ledger;
using Settlement.Tests.Ingestion;
using Settlement.Tests.Operations;
using Settlement.Worker.Disputes;
using Settlement.Worker.Ingestion;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Disputes;

/// <summary>Dispute files acting on payments through the operations pipeline, against the real simulator.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class DisputeLifecycleTests(OperationsHost host) : IDisposable
{
    private const string Header = "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code\n";

    private readonly IngestionFolder _folder = new(host.DataSource);
    private readonly string _case = "DSP-" + Guid.NewGuid().ToString("N")[..10];

    private DisputeAutomation Automation => new(new DisputeStore(host.DataSource), host.Ledger, host.Requests, _folder.Clock, NullLogger<DisputeAutomation>.Instance);

    [Fact]
    public async Task The_full_dispute_cycle_acts_once_per_event_even_when_each_file_comes_twice()
    {
        var db = await host.PaymentAsync(Debit, Eur("75.00"));

        await DeliverTwiceAsync("chargeback", $"{_case},CHARGEBACK,2026-11-24,{db},,,75.00,EUR,VISA,10.4\n");
        var chargeback = await SucceededAsync(Chargeback);
        await DeliverTwiceAsync("reversal", $"{_case},CHARGEBACK_REVERSAL,2026-11-30,{db},,,75.00,EUR,VISA,10.4\n");
        var reversal = await SucceededAsync(ChargebackReversal);
        await DeliverTwiceAsync("second", $"{_case},SECOND_CHARGEBACK,2026-12-10,{db},,,75.00,EUR,VISA,10.4\n");
        await SucceededAsync(Chargeback, count: 2);

        var payment = (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!;
        Assert.Equal([Debit, Chargeback, ChargebackReversal, Chargeback], payment.Transactions.Select(leg => leg.Type));
        Assert.Equal((Eur("150.00"), Eur("75.00")), (payment.Balances.ChargedBack, payment.Balances.ChargebackReversed));
        Assert.Equal(chargeback.GatewayTransactionId, payment.Find(reversal.GatewayTransactionId!)!.ReferencedId);
        Assert.Equal("10.4", await host.ScalarAsync<string>("SELECT chargeback_reason_code FROM simulator.transactions WHERE transaction_id = @id", ("id", chargeback.GatewayTransactionId!)));
        Assert.Equal(3L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE payment_id = @db AND payment_type IN ('CB', 'CR') AND succeeded", ("db", db)));
    }

    [Fact]
    public async Task A_retrieval_request_is_recorded_without_moving_money_and_an_unknown_payment_is_an_exception()
    {
        var db = await host.PaymentAsync(Debit, Eur("20.00"));

        await DeliverTwiceAsync("mixed", $"{_case},RETRIEVAL_REQUEST,2026-11-24,{db},,,,,VISA,\n{_case}-x,CHARGEBACK,2026-11-24,,ORD-NOWHERE-{_case},,5.00,EUR,MASTER,53\n");

        Assert.Single((await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Transactions);
        Assert.Equal("recorded", await ActionAsync(_case));
        Assert.Equal("unmatched", await ActionAsync(_case + "-x"));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM recon.exceptions WHERE kind = 'unmatched_dispute' AND summary LIKE @case", ("case", $"dispute {_case}-x %")));
    }

    [Fact]
    public async Task A_chargeback_on_refunded_money_is_recorded_and_raised_as_an_exception()
    {
        var db = await host.PaymentAsync(Debit, Eur("40.00"));
        await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("40.00"))).Id);

        await DeliverTwiceAsync("refunded", $"{_case},CHARGEBACK,2026-11-24,{db},,,40.00,EUR,VISA,13.1\n");
        await SucceededAsync(Chargeback);

        Assert.Equal(Eur("40.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.ChargedBack);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM recon.exceptions WHERE kind = 'chargeback_on_refunded' AND summary LIKE @case", ("case", $"dispute {_case} %")));
    }

    [Fact]
    public async Task A_dispute_status_export_repeated_every_day_raises_the_chargeback_once_and_its_reversal_once()
    {
        var db = await host.PaymentAsync(Debit, Eur("40.00"));
        var profiles = Files.Profiles.Language.LanguageFiles.WithShipped("dispute-status");
        const string header = "Case,Payment,Status,Opened,Amount,Currency,Respond By,Network,Reason\n";
        var open = $"{_case},{db},NeedsResponse,2026-11-18,40.00,EUR,2026-12-02,Visa,10.4\n";
        var won = $"{_case},{db},Won,2026-11-18,40.00,EUR,,Visa,10.4\n";

        async Task<IngestionResult> ExportAsync(string day, string row)
        {
            var result = await _folder.Pipeline(profiles: profiles).IngestAsync(_folder.Drop($"{_case}-disputes-{day}.csv", header + row), keepOriginal: false, progress: null, CancellationToken.None);
            Assert.Equal(IngestionStatus.Processed, result.Status);
            await Automation.ActAsync(CancellationToken.None);
            return result;
        }

        var first = await ExportAsync("1", open);
        var repeated = await ExportAsync("2", open.Replace("2026-12-02", "2026-12-03", StringComparison.Ordinal));
        var chargeback = await SucceededAsync(Chargeback);
        var decided = await ExportAsync("3", won);
        await ExportAsync("4", won + "\n");
        var reversal = await SucceededAsync(ChargebackReversal);

        Assert.Equal((1L, 0L), (first.LinesOk, first.LinesDuplicate));
        Assert.Equal((1L, 1L), (repeated.LinesOk, repeated.LinesDuplicate));
        Assert.Equal((2L, 1L), (decided.LinesOk, decided.LinesDuplicate));
        Assert.Equal(chargeback.GatewayTransactionId, (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Find(reversal.GatewayTransactionId!)!.ReferencedId);
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE payment_id = @db AND payment_type IN ('CB', 'CR') AND succeeded", ("db", db)));
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM acquirer.dispute_events WHERE dispute_id = @case AND source = 'processor-disputes'", ("case", _case)));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Delivers the event file twice (the same bytes, then the same events in a renamed, re-ordered copy) and lets the automation act after each.</summary>
    private async Task DeliverTwiceAsync(string name, string lines)
    {
        var first = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_case}-{name}.csv", Header + lines), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Processed, first.Status);
        await Automation.ActAsync(CancellationToken.None);
        var again = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_case}-{name}-again.csv", Header + lines), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(IngestionStatus.Duplicate, again.Status);
        var copy = await _folder.Pipeline().IngestAsync(_folder.Drop($"{_case}-{name}-copy.csv", Header + lines + "\n"), keepOriginal: false, progress: null, CancellationToken.None);
        Assert.Equal(copy.LinesTotal, copy.LinesDuplicate);
        await Automation.ActAsync(CancellationToken.None);
    }

    /// <summary>Waits for the dispute's operations of one kind to succeed and returns the latest.</summary>
    private async Task<Reconciliation.Operations.Operation> SucceededAsync(TransactionType kind, int count = 1)
    {
        var ids = new List<string>();
        await using (var command = host.DataSource.CreateCommand(
            "SELECT a.operation_id FROM recon.dispute_actions a JOIN acquirer.dispute_events e USING (file_id, line_number) WHERE e.dispute_id = @case AND a.operation_id IS NOT NULL ORDER BY a.decided_at"))
        {
            command.Parameters.AddWithValue("case", _case);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var operations = new List<Reconciliation.Operations.Operation>();
        foreach (var id in ids)
        {
            operations.Add(await host.WaitForSuccessAsync(id));
        }

        var ofKind = operations.Where(operation => operation.Kind == kind).ToList();
        Assert.Equal(count, ofKind.Count);
        return ofKind[^1];
    }

    private Task<string> ActionAsync(string disputeId) =>
        host.ScalarAsync<string>(
            "SELECT a.action FROM recon.dispute_actions a JOIN acquirer.dispute_events e USING (file_id, line_number) WHERE e.dispute_id = @id",
            ("id", disputeId));
}
