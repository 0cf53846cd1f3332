using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Tests.Database;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class SampleFilesTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_day_ingests_completely_with_its_one_duplicate_line()
    {
        var results = new Dictionary<string, IngestionResult>();
        foreach (var name in new[] { "transactions.csv", "settlement.csv", "chargebacks.csv", "final-amounts.csv" })
        {
            results[name] = await _folder.Pipeline().IngestAsync(Path.Combine(RepositoryPaths.SampleFiles, name), keepOriginal: true, progress: null, Cancel);
        }

        Assert.All(results.Values, result => Assert.Equal((IngestionStatus.Processed, 0L), (result.Status, result.LinesRejected)));
        Assert.Equal(FileKind.Transactions, results["transactions.csv"].Kind);
        Assert.Equal((17L, 0L), (results["transactions.csv"].LinesTotal, results["transactions.csv"].LinesDuplicate));
        Assert.Equal((15L, 1L), (results["settlement.csv"].LinesTotal, results["settlement.csv"].LinesDuplicate));
        Assert.Equal(3L, results["chargebacks.csv"].LinesTotal);
        Assert.Equal(2L, results["final-amounts.csv"].LinesTotal);
        Assert.Equal(13, await _folder.CountAsync("SELECT count(*) FROM ledger.payments"));
        Assert.Equal(12, await _folder.CountAsync("SELECT count(*) FROM ledger.payments WHERE succeeded"));
        Assert.Equal(4, await _folder.CountAsync("SELECT count(*) FROM ledger.transactions WHERE referenced_id IS NOT NULL"));
        var hotelId = (string)(await database.DataSource.CreateCommand("SELECT payment_id FROM ledger.payments WHERE merchant_transaction_id = 'ORD-1003'").ExecuteScalarAsync(Cancel))!;
        var hotel = await new LedgerStore(database.DataSource, _folder.Clock, NullLogger<LedgerStore>.Instance).FindPaymentAsync(hotelId, Cancel);
        Assert.Equal((AuthorizationKind.Estimated, "7011", 5_000L), (hotel!.Details.AuthorizationKind, hotel.Details.MerchantCategoryCode, hotel.Balances.Open.MinorUnits));
        Assert.Equal(47_328, await _folder.CountAsync("SELECT gross_minor FROM acquirer.settlement_lines WHERE line_id = 'STL-0013'"));
    }

    public void Dispose() => _folder.Dispose();
}
