using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Files.Profiles.Layouts2;

/// <summary>The layouts' fixtures dropped in the inbox and ingested into PostgreSQL as the worker does it.</summary>
public sealed class LayoutIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_export_after_a_case_is_won_adds_only_its_reversal_and_repeats_nothing_else()
    {
        var first = await IngestAsync("stripe-disputes-2026-11-20.csv");
        var second = await IngestAsync("stripe-disputes-2026-11-26.csv");

        Assert.Equal((IngestionStatus.Processed, FileKind.Chargebacks), (first.Status, first.Kind));
        Assert.Equal((5L, 3L, 2L, 0L), (first.LinesTotal, first.LinesOk, first.LinesRejected, first.LinesDuplicate));
        Assert.Equal((5L, 5L, 0L, 3L), (second.LinesTotal, second.LinesOk, second.LinesRejected, second.LinesDuplicate));
        Assert.Equal(
            [("CHARGEBACK", first.FileId!.Value), ("CHARGEBACK_REVERSAL", second.FileId!.Value)],
            await EventsAsync("dp_3LyT2pQm8aKd01"));
        Assert.Equal(
            [("CHARGEBACK", first.FileId.Value)],
            await EventsAsync("dp_3LyT2pQm8aKd02"));
        Assert.Equal(2, await _folder.CountAsync("SELECT count(*) FROM acquirer.dispute_events WHERE file_id = @id", ("id", second.FileId.Value)));
        Assert.Equal(6490, await _folder.CountAsync(
            "SELECT amount_minor FROM acquirer.dispute_events WHERE source = 'stripe-disputes' AND dispute_id = 'dp_3LyT2pQm8aKd01' AND event = 'CHARGEBACK_REVERSAL'"));
    }

    [Fact]
    public async Task A_braintree_export_feeds_the_ledger_with_settled_sales_their_refund_the_declines_and_a_detached_credit()
    {
        var result = await IngestAsync("braintree-transactions-2026-11-24.csv");

        Assert.Equal((IngestionStatus.Processed, FileKind.Transactions), (result.Status, result.Kind));
        Assert.Equal((7L, 6L, 1L, 2L), (result.LinesTotal, result.LinesOk, result.LinesRejected, result.LinesIgnored));
        var ledger = new LedgerStore(database.DataSource, _folder.Clock, NullLogger<LedgerStore>.Instance);
        var refunded = await ledger.FindPaymentAsync("k7m2q9xa", Cancel);
        Assert.Equal((true, 4999L, 2000L), (refunded!.Succeeded, refunded.Root.Amount.MinorUnits, refunded.Balances.Refunded.MinorUnits));
        Assert.Equal(TransactionType.Refund, refunded.Find("f2g6j8kl")!.Type);
        Assert.True((await ledger.FindPaymentAsync("r3t8w1pz", Cancel))!.Succeeded);
        Assert.False((await ledger.FindPaymentAsync("b9c4e6hd", Cancel))!.Succeeded);
        Assert.False((await ledger.FindPaymentAsync("w5x9y3za", Cancel))!.Succeeded);
        Assert.Equal(TransactionType.Credit, (await ledger.FindPaymentAsync("c6d0e4fg", Cancel))!.Root.Type);
        Assert.Null(await ledger.FindPaymentAsync("m1n5v7qs", Cancel));
        Assert.Null(await ledger.FindPaymentAsync("n8o2p6qr", Cancel));
    }

    [Fact]
    public async Task A_dlocal_report_stores_its_rows_under_the_carried_transfer_with_amounts_rounded_to_the_cent()
    {
        var result = await IngestAsync("dlocal-settlement-880417.csv");

        Assert.Equal((IngestionStatus.Processed, FileKind.Settlement), (result.Status, result.Kind));
        Assert.Equal((9L, 8L, 1L), (result.LinesTotal, result.LinesOk, result.LinesRejected));
        Assert.Equal(8, await _folder.CountAsync(
            "SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id AND batch_id = '880417' AND settlement_date = '2026-11-23' AND settlement_currency = 'USD'",
            ("id", result.FileId!.Value)));
        Assert.Equal(4565, await _folder.CountAsync(
            "SELECT net_minor FROM acquirer.settlement_lines WHERE source = 'dlocal-settlement' AND line_id = '880417|PAYMENT|T-880-k2m9q1'"));
        // Every line but the transfer fee (-25.000000: trailing zeros are exact) had more decimals than USD keeps.
        Assert.Equal(7, await _folder.CountAsync(
            "SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id AND rounding LIKE '%(rounded half-even)%'", ("id", result.FileId.Value)));
        Assert.Equal(1, await _folder.CountAsync(
            "SELECT count(*) FROM acquirer.settlement_lines WHERE source = 'dlocal-settlement' AND line_id = '880417|SETTLEMENT_FEE|880417-F1' AND rounding IS NULL"));
    }

    [Fact]
    public async Task A_stripe_balance_report_stores_each_fee_in_the_direction_of_its_line_and_a_batch_per_day_of_availability()
    {
        var result = await IngestAsync("stripe-balance-change-2026-11.csv");

        Assert.Equal((11L, 10L, 1L, 1L), (result.LinesTotal, result.LinesOk, result.LinesRejected, result.LinesIgnored));
        Assert.Equal(87, await _folder.CountAsync(
            "SELECT fee_minor FROM acquirer.settlement_lines WHERE source = 'stripe-balance' AND line_id = 'txn_1QbL2aKw0005'"));
        Assert.Equal(-1500, await _folder.CountAsync(
            "SELECT fee_minor FROM acquirer.settlement_lines WHERE source = 'stripe-balance' AND line_id = 'txn_1QbL2aKw0006'"));
        Assert.Equal(2, await _folder.CountAsync(
            "SELECT count(DISTINCT batch_id) FROM acquirer.settlement_lines WHERE file_id = @id", ("id", result.FileId!.Value)));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<IngestionResult> IngestAsync(string fixture) =>
        await _folder.Pipeline().IngestAsync(_folder.Drop(fixture, await LayoutFixtures.TextAsync(fixture)), keepOriginal: false, progress: null, Cancel);

    private async Task<List<(string Event, long FileId)>> EventsAsync(string disputeId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT event, file_id FROM acquirer.dispute_events WHERE source = 'stripe-disputes' AND dispute_id = @dispute ORDER BY file_id, event");
        command.Parameters.AddWithValue("dispute", disputeId);
        var events = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            events.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return events;
    }
}
