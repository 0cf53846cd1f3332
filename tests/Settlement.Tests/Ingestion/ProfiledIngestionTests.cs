using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Tests.Files.Profiles;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class ProfiledIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task An_adyen_settlement_details_report_is_staged_under_the_profile_name_as_its_source(ReportCopy copy)
    {
        var layout = AdyenProfileTests.Chargebacks;
        var expected = layout.Expected(copy);
        long lines = expected.Counts.Good;
        var file = _folder.Drop("adyen-settlement-details.csv", await File.ReadAllTextAsync(layout.PathOf(copy), Cancel));

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((IngestionStatus.Processed, FileKind.Settlement), (result.Status, result.Kind));
        Assert.Equal((lines, lines, 0L), (result.LinesTotal, result.LinesOk, result.LinesRejected));
        Assert.Equal(lines, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id AND source = 'adyen-sdr'", ("id", result.FileId!.Value)));
        Assert.Equal(expected.Gross.MinorUnits, await _folder.CountAsync(
            "SELECT gross_minor FROM acquirer.settlement_lines WHERE source = 'adyen-sdr' AND line_id = @line",
            ("line", expected.LineId)));
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task The_same_report_lines_under_another_name_are_stored_once(ReportCopy copy)
    {
        var layout = AdyenProfileTests.Reversed;
        long lines = layout.Expected(copy).Counts.Good;
        var content = await File.ReadAllTextAsync(layout.PathOf(copy), Cancel);
        var first = await _folder.Pipeline().IngestAsync(_folder.Drop("reversed.csv", content), keepOriginal: false, progress: null, Cancel);

        // Another file (a trailing line break changes the content) carrying the same bookings.
        var second = await _folder.Pipeline().IngestAsync(_folder.Drop("reversed-again.csv", content + "\n"), keepOriginal: false, progress: null, Cancel);

        Assert.Equal((lines, 0L), (first.LinesOk - first.LinesDuplicate, first.LinesDuplicate));
        Assert.Equal((IngestionStatus.Processed, lines), (second.Status, second.LinesDuplicate));
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task Rows_a_profile_skips_on_purpose_are_counted_on_the_file_record(ReportCopy copy)
    {
        var layout = JpmProfileTests.SettlementDetails;
        var (good, ignored, _) = layout.Expected(copy).Counts;
        var file = _folder.Drop("jpm-settlement-details.csv", await File.ReadAllTextAsync(layout.PathOf(copy), Cancel));

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal(((long)good, 0L, ignored), (result.LinesOk, result.LinesRejected, result.LinesIgnored));
        Assert.Equal(ignored, (await _folder.Intake.FindAsync(result.FileId!.Value, Cancel))!.LinesIgnored);
    }

    public void Dispose() => _folder.Dispose();
}
