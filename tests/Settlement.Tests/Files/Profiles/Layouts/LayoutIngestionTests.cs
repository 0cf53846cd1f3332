using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Files.Profiles.Layouts;

/// <summary>Shipped layouts through real ingestion into PostgreSQL: what is stored, not only what is read.</summary>
public sealed class LayoutIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_paypal_settlement_report_is_stored_to_the_minor_unit_with_its_signed_fees_and_its_derived_batch()
    {
        var result = await IngestAsync("STL-20261123.01.009.CSV", "paypal-stl.csv");

        Assert.Equal((IngestionStatus.Processed, FileKind.Settlement), (result.Status, result.Kind));
        Assert.Equal((10L, 8L, 2L, 0L, 9L), (result.LinesTotal, result.LinesOk, result.LinesRejected, result.LinesDuplicate, result.LinesIgnored));
        Assert.Equal(8, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE source = 'paypal-stl' AND batch_id = 'QW3RT7YU9KLMN:2026/11/23'"));
        // Gross per currency as stored: 45.99 + 20.00 + 35.00 + 20.00 + 27.50 − 20.00 (the fee reversal) + 100.00 in USD.
        Assert.Equal(22849, await CountAsync("SELECT sum(gross_minor) FROM acquirer.settlement_lines WHERE source = 'paypal-stl' AND transaction_currency = 'USD'"));
        Assert.Equal(1500, await CountAsync("SELECT gross_minor FROM acquirer.settlement_lines WHERE source = 'paypal-stl' AND transaction_currency = 'JPY'"));
        Assert.Equal(45, await CountAsync("SELECT fee_minor FROM acquirer.settlement_lines WHERE source = 'paypal-stl' AND line_id = '3RT99810VB4471502' AND record_type = 'REFUNDED'"));
        Assert.Equal(-2000, await CountAsync("SELECT gross_minor FROM acquirer.settlement_lines WHERE source = 'paypal-stl' AND line_id = '2HC18873YU6640251' AND record_type = 'FEE'"));
    }

    [Fact]
    public async Task A_case_listed_at_several_stages_of_a_dispute_details_preset_report_is_stored_as_one_event()
    {
        var result = await IngestAsync("DisputeDetails_770021_20261124.csv", "jpm-dispute-details-preset.csv");

        Assert.Equal((IngestionStatus.Processed, FileKind.Chargebacks), (result.Status, result.Kind));
        Assert.Equal((7L, 6L, 1L, 1L), (result.LinesTotal, result.LinesOk, result.LinesRejected, result.LinesDuplicate));
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM acquirer.dispute_events WHERE source = 'jpm-dispute-details-preset'"));
        Assert.Equal(12540, await CountAsync(
            "SELECT amount_minor FROM acquirer.dispute_events WHERE source = 'jpm-dispute-details-preset' AND dispute_id = '881204511' AND event = 'CHARGEBACK' AND event_date = DATE '2026-11-20'"));
        Assert.Equal(30350, await CountAsync("SELECT amount_minor FROM acquirer.dispute_events WHERE source = 'jpm-dispute-details-preset' AND currency = 'CAD'"));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<IngestionResult> IngestAsync(string dropAs, string fixture)
    {
        var path = Path.Combine(_folder.Paths.Inbox, dropAs);
        File.Copy(LayoutFixtures.PathOf(fixture), path);
        return await _folder.Pipeline().IngestAsync(path, keepOriginal: false, progress: null, Cancel);
    }

    private Task<long> CountAsync(string sql) => _folder.CountAsync(sql);
}
