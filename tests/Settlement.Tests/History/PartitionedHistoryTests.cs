using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Settlement.Reconciliation.Retention;
using Settlement.Tests.Database;
using Settlement.Tests.Matching;

namespace Settlement.Tests.History;

/// <summary>
/// Settlement lines with their outcomes and dispute events with their actions are stored in monthly partitions of
/// their business date (migration 0055): a line is stored once and a leg settled once across months, a line of a
/// month without a partition is kept, and retention drops a month whole, keeping what an open case names.
/// </summary>
public sealed class PartitionedHistoryTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency\n";

    private readonly MatchingFixture _fixture = new(database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RetentionStore Retention => new(database.DataSource, _fixture.Folder.Clock, NullLogger<RetentionStore>.Instance);

    [Fact]
    public async Task The_same_lines_in_two_files_across_a_month_boundary_are_stored_once_and_a_leg_is_settled_once()
    {
        await Retention.CreatePartitionsAheadAsync(_fixture.Folder.Clock.GetCurrentInstant(), Cancel);
        await _fixture.IngestAsync("t.csv", TransactionsHeader
            + "edge-oct,DB,,edge-order-1,10.00,EUR,2026-10-31T10:00:00Z,000.100.110\n"
            + "edge-nov,DB,,edge-order-2,20.00,EUR,2026-11-01T10:00:00Z,000.100.110\n");
        await _fixture.IngestAsync("s1.csv", SettlementHeader
            + "edge-line-oct,2026-10-31,B1,SETTLED,edge-oct,,10.00,EUR\n"
            + "edge-line-nov,2026-11-01,B2,SETTLED,edge-nov,,20.00,EUR\n");
        await _fixture.MatchAsync();

        // The next file repeats both lines (each with its date, so each in its own month) and brings, in November,
        // another line settling October's leg again.
        var repeated = await _fixture.IngestAsync("s2.csv", SettlementHeader
            + "edge-line-oct,2026-10-31,B1,SETTLED,edge-oct,,10.00,EUR\n"
            + "edge-line-nov,2026-11-01,B2,SETTLED,edge-nov,,20.00,EUR\n"
            + "edge-again-oct,2026-11-01,B2,SETTLED,edge-oct,,10.00,EUR\n");
        await _fixture.MatchAsync();

        Assert.Equal(2L, repeated.LinesDuplicate);
        Assert.Equal(
            ["edge-again-oct acquirer.settlement_lines_2026_11", "edge-line-nov acquirer.settlement_lines_2026_11", "edge-line-oct acquirer.settlement_lines_2026_10"],
            await StringsAsync("SELECT line_id || ' ' || tableoid::regclass FROM acquirer.settlement_lines WHERE line_id LIKE 'edge-%' ORDER BY line_id"));
        Assert.Equal("matched", (await _fixture.OutcomeAsync("edge-line-oct")).Outcome);
        var again = await _fixture.OutcomeAsync("edge-again-oct");
        Assert.Equal("duplicate", again.Outcome);
        Assert.StartsWith("duplicate: DB edge-oct was already settled by line ", again.Explanation, StringComparison.Ordinal);
        Assert.Equal(1L, await _fixture.Folder.CountAsync(
            "SELECT count(*) FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE l.payment_id = 'edge-oct' AND o.outcome = 'matched'"));
    }

    [Fact]
    public async Task A_line_of_a_month_without_a_partition_is_kept_and_moves_into_its_month_when_the_partition_is_made()
    {
        await _fixture.IngestAsync("far.csv", SettlementHeader + "far-line,2031-03-14,B,SETTLED,far-nobody,,7.00,EUR\n");
        await _fixture.MatchAsync();
        Assert.Equal(["acquirer.settlement_lines_default recon.line_outcomes_default"], await StringsAsync(
            "SELECT l.tableoid::regclass || ' ' || o.tableoid::regclass FROM acquirer.settlement_lines l JOIN recon.line_outcomes o USING (file_id, line_number) WHERE l.line_id = 'far-line'"));

        Assert.True(await Retention.CreatePartitionsAheadAsync(Instant.FromUtc(2031, 3, 20, 2, 0), Cancel) >= 5);

        Assert.Equal(["acquirer.settlement_lines_2031_03 recon.line_outcomes_2031_03"], await StringsAsync(
            "SELECT l.tableoid::regclass || ' ' || o.tableoid::regclass FROM acquirer.settlement_lines l JOIN recon.line_outcomes o USING (file_id, line_number) WHERE l.line_id = 'far-line'"));
        Assert.Equal("unmatched", (await _fixture.OutcomeAsync("far-line")).Outcome);
        Assert.Equal(1L, await _fixture.Folder.CountAsync(
            "SELECT count(*) FROM recon.exception_worklist w WHERE w.kind = 'unmatched_line' AND w.status = 'open' AND w.amount_minor = 700 AND w.summary LIKE '%far-line%'"));
    }

    [Fact]
    public async Task Retention_drops_a_month_whole_keeping_the_rows_an_open_exception_names_and_leaves_no_dead_tuples()
    {
        // September's partitions, as the nightly job made them then.
        await Retention.CreatePartitionsAheadAsync(Instant.FromUtc(2026, 9, 15, 2, 0), Cancel);
        await _fixture.IngestAsync("old-t.csv", TransactionsHeader
            + string.Concat(Enumerable.Range(1, 200).Select(i => $"old-{i},DB,,old-order-{i},{i}.00,EUR,2026-09-{1 + (i % 28):D2}T10:00:00Z,000.100.110\n")));
        await _fixture.IngestAsync("old-s.csv", SettlementHeader
            + string.Concat(Enumerable.Range(1, 200).Select(i => $"old-line-{i},2026-09-{2 + (i % 28):D2},B,SETTLED,old-{i},,{i}.00,EUR\n"))
            + "old-open,2026-09-15,B,SETTLED,old-nobody-1,,5.00,EUR\n"
            + "old-resolved,2026-09-16,B,SETTLED,old-nobody-2,,6.00,EUR\n"
            + "october-line,2026-10-02,B,SETTLED,old-nobody-3,,8.00,EUR\n");
        await _fixture.MatchAsync();
        await ExecuteAsync(
            """
            UPDATE recon.exceptions e SET status = 'resolved', resolved_at = now(), resolved_by = 'alice', note = 'test line'
            FROM acquirer.settlement_lines l WHERE l.file_id = e.file_id AND l.line_number = e.line_number AND l.line_id = 'old-resolved'
            """);
        // What matching left behind (an unmatched outcome is decided again, deleted and written anew) is not retention's.
        await ExecuteAsync("VACUUM acquirer.settlement_lines, recon.line_outcomes, recon.leg_settlements");
        Assert.Equal(202L, await _fixture.Folder.CountAsync("SELECT count(*) FROM recon.line_outcomes_2026_09"));

        // 390 days later, September is past the time lines are kept; October is not.
        _fixture.Folder.Clock.Advance(Duration.FromDays(344));
        var policy = new RetentionPolicy(Duration.FromDays(390), Duration.FromDays(390), Duration.FromDays(390), Duration.FromDays(90), Duration.FromDays(390));
        var run = await Retention.DeleteAsync(policy.CutoffsAt(_fixture.Folder.Clock.GetCurrentInstant()), Cancel);

        Assert.Equal(201L, run.SettlementLines);
        Assert.True(run.MonthsDropped > 0);
        Assert.Equal(0L, await _fixture.Folder.CountAsync(
            "SELECT count(*) FROM pg_class WHERE relname IN ('settlement_lines_2026_09', 'line_outcomes_2026_09', 'dispute_events_2026_09', 'dispute_actions_2026_09')"));
        Assert.Equal(1L, await _fixture.Folder.CountAsync("SELECT count(*) FROM pg_class WHERE relname = 'settlement_lines_2026_10'"));
        // Everything else of September is gone; the open case's line and outcome are read where they always were.
        Assert.Equal(["october-line", "old-open"], await StringsAsync("SELECT line_id FROM acquirer.settlement_lines WHERE line_id LIKE 'old-%' OR line_id = 'october-line' ORDER BY line_id"));
        Assert.Equal(["acquirer.settlement_lines_default"], await StringsAsync("SELECT tableoid::regclass::text FROM acquirer.settlement_lines WHERE line_id = 'old-open'"));
        Assert.Equal("unmatched", (await _fixture.OutcomeAsync("old-open")).Outcome);
        Assert.Equal(1L, await _fixture.Folder.CountAsync(
            "SELECT count(*) FROM recon.exception_worklist w WHERE w.status = 'open' AND w.amount_minor = 500 AND w.summary LIKE '%old-open%'"));
        Assert.Equal(1L, await _fixture.Folder.CountAsync("SELECT count(*) FROM recon.line_outcomes o WHERE o.settlement_date < '2026-10-01'"));
        // Legs stay settled after their lines are gone: a late repeat of September's settlement is a duplicate.
        Assert.Equal(200L, await _fixture.Folder.CountAsync("SELECT count(*) FROM recon.leg_settlements WHERE settlement_date < '2026-10-01'"));
        Assert.Equal(1L, await _fixture.Folder.CountAsync(
            "SELECT count(*) FROM ledger.audit_log WHERE actor = 'retention' AND reason LIKE 'retention: acquirer.settlement_lines of 2026-09 %'"));

        // Detaching and dropping leaves no dead row behind in what remains (pgstattuple reads the pages: exact,
        // where pg_stat_user_tables.n_dead_tup is reported by each backend a while later).
        await ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        Assert.Empty(await StringsAsync(
            """
            SELECT c.oid::regclass || ': ' || s.dead_tuple_count
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid CROSS JOIN LATERAL pgstattuple(c.oid) s
            WHERE i.inhparent IN ('acquirer.settlement_lines'::regclass, 'recon.line_outcomes'::regclass) AND s.dead_tuple_count > 0
            UNION ALL
            SELECT 'recon.leg_settlements: ' || dead_tuple_count FROM pgstattuple('recon.leg_settlements') WHERE dead_tuple_count > 0
            """));
    }

    public void Dispose() => _fixture.Dispose();

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancel);
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
