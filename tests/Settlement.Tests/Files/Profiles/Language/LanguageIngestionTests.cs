using Settlement.Reconciliation.Files;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Files.Profiles.Language;

/// <summary>The mechanisms of the profile language through real ingestion into PostgreSQL: what is stored is what the report says.</summary>
public sealed class LanguageIngestionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_statement_in_sections_stores_each_line_in_the_batch_of_the_payout_above_it_in_the_carried_currency()
    {
        var result = await IngestAsync("statement.csv", "statement");

        Assert.Equal((IngestionStatus.Processed, FileKind.Settlement, 8L, 0L, 3L), (result.Status, result.Kind, result.LinesOk, result.LinesRejected, result.LinesIgnored));
        Assert.Equal(
            [("PO-1", "FEE", 210L), ("PO-1", "PAYOUT", 9640L), ("PO-1", "REFUNDED", 150L), ("PO-1", "SETTLED", 10000L), ("PO-2", "PAYOUT", 2000L), ("PO-2", "SETTLED", 2000L)],
            await RowsAsync<(string, string, long)>(
                "SELECT batch_id, record_type, sum(gross_minor)::bigint FROM acquirer.settlement_lines WHERE file_id = @id AND transaction_currency = 'EUR' GROUP BY 1, 2 ORDER BY 1, 2",
                result.FileId!.Value,
                reader => (reader.GetString(0), reader.GetString(1), reader.GetInt64(2))));
    }

    [Fact]
    public async Task A_report_without_a_batch_column_stores_its_lines_in_the_batch_of_the_file()
    {
        var result = await IngestAsync("direct-debits.tsv", "direct-debits");

        var batches = await RowsAsync("SELECT DISTINCT batch_id FROM acquirer.settlement_lines WHERE file_id = @id", result.FileId!.Value, reader => reader.GetString(0));
        var hash = await RowsAsync("SELECT encode(sha256, 'hex') FROM intake.files WHERE file_id = @id", result.FileId!.Value, reader => reader.GetString(0));
        Assert.Equal(["file:" + hash.Single()[..12]], batches);
        Assert.Equal(4L, result.LinesOk);
    }

    [Fact]
    public async Task A_rounded_amount_is_stored_with_what_was_written_and_the_rule()
    {
        var result = await IngestAsync("precision.csv", "precision");

        Assert.Equal((4L, 2L), (result.LinesOk, result.LinesRejected));
        Assert.Equal(
            [("F4", -50L, null), ("P1", 1235L, "Gross 12.34567 → 12.35 USD (rounded half-even); Fee 0.125 → 0.12 EUR (rounded half-even)"), ("R2", 2000L, null), ("R3", 1000L, null)],
            await RowsAsync<(string, long, string?)>(
                "SELECT line_id, gross_minor, rounding FROM acquirer.settlement_lines WHERE file_id = @id ORDER BY line_id",
                result.FileId!.Value,
                reader => (reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2))));
    }

    [Fact]
    public async Task A_transactions_export_read_through_a_profile_feeds_the_ledger_through_its_rules()
    {
        var result = await IngestAsync("orchestrator-transactions.csv", "orchestrator-transactions");

        Assert.Equal((FileKind.Transactions, 5L, 2L), (result.Kind, result.LinesOk, result.LinesRejected));
        Assert.Equal(
            [("ot_1", "PA", true), ("ot_3", "DB", true), ("ot_5", "DB", false)],
            await RowsAsync<(string, string, bool)>(
                "SELECT payment_id, payment_type, succeeded FROM ledger.payments WHERE payment_id LIKE 'ot\\_%' ORDER BY payment_id",
                result.FileId!.Value,
                reader => (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2))));
        Assert.Equal(
            [("ot_2", "CP", "ot_1"), ("ot_4", "RF", "ot_3")],
            await RowsAsync<(string, string, string)>(
                "SELECT transaction_id, transaction_type, referenced_id FROM ledger.transactions WHERE transaction_id IN ('ot_2', 'ot_4') ORDER BY 1",
                result.FileId!.Value,
                reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2))));
    }

    [Fact]
    public async Task A_headerless_fixed_width_file_stores_its_details_in_the_batch_of_its_date()
    {
        var result = await IngestAsync("fixed-width.txt", "fixed-width");

        Assert.Equal((3L, 0L), (result.LinesOk, result.LinesRejected));
        Assert.Equal(
            [("2026-11-24", 14999L)],
            await RowsAsync<(string, long)>(
                "SELECT batch_id, sum(gross_minor)::bigint FROM acquirer.settlement_lines WHERE file_id = @id GROUP BY 1",
                result.FileId!.Value,
                reader => (reader.GetString(0), reader.GetInt64(1))));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<IngestionResult> IngestAsync(string report, string profile)
    {
        var file = _folder.Drop(report, await File.ReadAllTextAsync(LanguageFiles.PathOf(report), Cancel));
        return await _folder.Pipeline(profiles: LanguageFiles.WithShipped(profile)).IngestAsync(file, keepOriginal: false, progress: null, Cancel);
    }

    private async Task<List<T>> RowsAsync<T>(string sql, long fileId, Func<Npgsql.NpgsqlDataReader, T> read)
    {
        await using var command = _folder.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", fileId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<T>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
