using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Tests.Files.Profiles.Language;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

/// <summary>
/// A field of tens of megabytes is one line error naming its column; every other line is taken. (Memory stays
/// bounded too: measured in bench/ with huge-field, not asserted here.)
/// </summary>
public sealed class HugeFieldIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const int FiftyMegabytes = 50 << 20;

    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_50_mb_field_in_a_canonical_file_is_a_line_error_naming_its_column_and_the_other_lines_are_taken()
    {
        var path = await WriteAsync(
            "huge.csv",
            "line_id,settlement_date,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency\nL1,2026-11-24,SETTLED,P1,",
            ",1.00,EUR\nL2,2026-11-24,SETTLED,P2,ORD-2,2.00,EUR\nL3,2026-11-24,SETTLED,P3,ORD-3,3.00,EUR\n");

        var result = await _folder.Pipeline().IngestAsync(path, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((IngestionStatus.Processed, 2L, 1L), (result.Status, result.LinesOk, result.LinesRejected));
        var report = await File.ReadAllTextAsync(Path.ChangeExtension(result.MovedTo!, ".errors.csv"), Cancel);
        Assert.Contains("2,merchant_transaction_id,,merchant_transaction_id is longer than 4096 characters", report, StringComparison.Ordinal);
        Assert.True(report.Length < 1000, "the error report holds no part of the field");
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE length(coalesce(merchant_transaction_id, '')) > 100"));
    }

    [Fact]
    public async Task A_50_mb_quoted_field_in_a_profiled_report_is_a_line_error_and_the_other_lines_are_taken()
    {
        var rows = (await File.ReadAllTextAsync(LanguageFiles.PathOf("direct-debits.tsv"), Cancel)).Split('\n');
        var path = await WriteAsync(
            "huge.tsv",
            string.Join('\n', rows[..3]) + "\nMD-9\t\"",
            "\"\t1.00\t+\tDirect debit\n" + string.Join('\n', rows[3..]));

        var result = await _folder.Pipeline(profiles: LanguageFiles.WithShipped("direct-debits")).IngestAsync(path, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((IngestionStatus.Processed, 4L, 1L), (result.Status, result.LinesOk, result.LinesRejected));
        var report = await File.ReadAllTextAsync(Path.ChangeExtension(result.MovedTo!, ".errors.csv"), Cancel);
        Assert.Contains("4,Reference,,Reference is longer than 4096 characters", report, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Writes <paramref name="before"/>, 50 MB of one character, then <paramref name="after"/>, in pieces.</summary>
    private async Task<string> WriteAsync(string name, string before, string after)
    {
        var path = _folder.Drop(name, string.Empty);
        await using var writer = new StreamWriter(path);
        await writer.WriteAsync(before);
        var piece = new string('x', 1 << 20);
        for (var written = 0; written < FiftyMegabytes; written += piece.Length)
        {
            await writer.WriteAsync(piece);
        }

        await writer.WriteAsync(after);
        return path;
    }
}
