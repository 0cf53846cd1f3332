using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Settlement.Reconciliation.Retention;
using Settlement.Tests.Database;
using Settlement.Tests.Matching;

namespace Settlement.Tests.Retention;

public sealed class RetentionTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency\n";

    private static readonly RetentionPolicy Policy = new(Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(90), Duration.FromDays(400));

    private readonly MatchingFixture _fixture = new(database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Old_lines_go_with_their_resolved_exceptions_but_what_an_open_exception_names_stays()
    {
        await _fixture.IngestAsync("t.csv", TransactionsHeader + "pay-1,DB,,order-1,10.00,EUR,2026-11-24T10:00:00Z,000.100.110\n");
        await _fixture.IngestAsync("s.csv", SettlementHeader
            + "matched,2026-11-24,B,SETTLED,pay-1,,10.00,EUR\n"
            + "still-open,2026-11-24,B,SETTLED,nobody-1,,5.00,EUR\n"
            + "resolved,2026-11-24,B,SETTLED,nobody-2,,6.00,EUR\n");
        await _fixture.MatchAsync();
        await ResolveAsync("resolved");
        _fixture.Folder.Clock.Advance(Duration.FromDays(500));
        var store = new RetentionStore(database.DataSource, _fixture.Folder.Clock, NullLogger<RetentionStore>.Instance);

        var run = await store.DeleteAsync(Policy.CutoffsAt(_fixture.Folder.Clock.GetCurrentInstant()), Cancel);

        Assert.Equal(["still-open"], await StringsAsync("SELECT line_id FROM acquirer.settlement_lines ORDER BY line_id"));
        Assert.Equal(["unmatched_line open"], await StringsAsync("SELECT kind || ' ' || status FROM recon.exceptions ORDER BY exception_id"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM recon.line_outcomes"));
        Assert.Equal((2L, 1L, 1L), (run.SettlementLines, run.TransactionLines, run.Exceptions));
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM ledger.audit_log WHERE actor_kind = 'rule' AND actor = 'retention'"));
    }

    public void Dispose() => _fixture.Dispose();

    private async Task ResolveAsync(string lineId)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            UPDATE recon.exceptions e SET status = 'resolved', resolved_at = @now, resolved_by = 'alice', note = 'acquirer test line'
            FROM acquirer.settlement_lines l WHERE l.file_id = e.file_id AND l.line_number = e.line_number AND l.line_id = @line
            """);
        command.Parameters.AddWithValue("now", _fixture.Folder.Clock.GetCurrentInstant());
        command.Parameters.AddWithValue("line", lineId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Cancel));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
