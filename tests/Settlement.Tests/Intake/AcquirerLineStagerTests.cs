using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Database;

namespace Settlement.Tests.Intake;

public sealed class AcquirerLineStagerTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_line_in_two_files_loaded_at_the_same_time_is_stored_once_and_counted_by_the_file_that_commits_second()
    {
        var lineId = Guid.NewGuid().ToString("N");
        await using var first = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var firstTransaction = await first.BeginTransactionAsync(Cancel);
        var firstCounts = await StageAsync(first, firstTransaction, fileId: 9_001, lineId);
        await using var second = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var secondTransaction = await second.BeginTransactionAsync(Cancel);

        // The second file's key check waits for the first file's transaction, which still holds the same line.
        var secondCounts = StageAsync(second, secondTransaction, fileId: 9_002, lineId);
        await firstTransaction.CommitAsync(Cancel);
        var settled = await secondCounts;
        await secondTransaction.CommitAsync(Cancel);

        Assert.Equal(new StagedCounts(1, 0), firstCounts);
        Assert.Equal(new StagedCounts(0, 1), settled);
        await using var count = database.DataSource.CreateCommand("SELECT string_agg(file_id::text, ',') FROM acquirer.settlement_lines WHERE line_id = @id");
        count.Parameters.AddWithValue("id", lineId);
        Assert.Equal("9001", await count.ExecuteScalarAsync(Cancel));
    }

    private static async Task<StagedCounts> StageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, string lineId)
    {
        await using var stager = await AcquirerLineStager.BeginAsync(connection, transaction, FileKind.Settlement, fileId, CanonicalFormats.Source, Cancel);
        stager.Write(new SettlementLine(
            2, lineId, new LocalDate(2026, 11, 24), "B1", SettlementRecordType.Settled, "pay-1", null, null,
            new Money(1_000, Currency.Eur), null, null, null, null, null, null));
        return await stager.CompleteAsync(Cancel);
    }
}
