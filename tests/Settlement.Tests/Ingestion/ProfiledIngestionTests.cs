using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Tests.Files.Profiles;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class ProfiledIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_adyen_settlement_details_report_is_staged_under_the_profile_name_as_its_source()
    {
        var file = _folder.Drop("adyen_sdr_chargeback.csv", await File.ReadAllTextAsync(SampleReports.PathOf("adyen_sdr_chargeback.csv"), Cancel));

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((IngestionStatus.Processed, FileKind.Settlement), (result.Status, result.Kind));
        Assert.Equal((3L, 3L, 0L), (result.LinesTotal, result.LinesOk, result.LinesRejected));
        Assert.Equal(3, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE file_id = @id AND source = 'adyen-sdr'", ("id", result.FileId!.Value)));
        Assert.Equal(100, await _folder.CountAsync(
            "SELECT gross_minor FROM acquirer.settlement_lines WHERE source = 'adyen-sdr' AND line_id = @line",
            ("line", "3|Chargeback|4555568860022701|4555568869855336")));
    }

    [Fact]
    public async Task The_same_report_lines_under_another_name_are_stored_once()
    {
        var content = await File.ReadAllTextAsync(SampleReports.PathOf("adyen_sdr_chargeback_reversed.csv"), Cancel);
        var first = await _folder.Pipeline().IngestAsync(_folder.Drop("reversed.csv", content), keepOriginal: false, progress: null, Cancel);

        // Another file (a trailing line break changes the content) carrying the same booking.
        var second = await _folder.Pipeline().IngestAsync(_folder.Drop("reversed-again.csv", content + "\n"), keepOriginal: false, progress: null, Cancel);

        Assert.Equal((1L, 0L), (first.LinesOk - first.LinesDuplicate, first.LinesDuplicate));
        Assert.Equal((IngestionStatus.Processed, 1L), (second.Status, second.LinesDuplicate));
    }

    [Fact]
    public async Task Rows_a_profile_skips_on_purpose_are_counted_on_the_file_record()
    {
        var file = _folder.Drop("jpm_chase_SettlementDetails.csv", await File.ReadAllTextAsync(SampleReports.PathOf("jpm_chase_SettlementDetails.csv"), Cancel));

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((36L, 0L, 11L), (result.LinesOk, result.LinesRejected, result.LinesIgnored));
        Assert.Equal(11L, (await _folder.Intake.FindAsync(result.FileId!.Value, Cancel))!.LinesIgnored);
    }

    public void Dispose() => _folder.Dispose();
}
