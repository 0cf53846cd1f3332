using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Retention;
using Settlement.Tests.Database;
using Settlement.Tests.Matching;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.History;

/// <summary>
/// Every nightly step follows the night: on a database holding 120 days of history (payments, legs, settlement
/// lines, outcomes, exceptions, audit, operations; analyzed), one night is ingested, then matched, aged and put
/// through retention, with <c>auto_explain</c> on every statement of those steps, the ingestion too. No plan may read a history
/// table whole (a sequential scan): the night's cost must not grow with what is stored.
/// </summary>
public sealed partial class NightlyPathPlanTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const int Days = 120;
    private const int PaymentsPerDay = 1_500;

    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_last4,arn\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,card_last4\n";

    private static readonly string[] HistoryTables =
    [
        "ledger.payments", "ledger.transactions", "ledger.audit_log", "acquirer.settlement_lines", "acquirer.dispute_events", "acquirer.transaction_lines",
        "recon.line_outcomes", "recon.dispute_actions", "recon.exceptions", "operations.operations",
    ];

    private readonly MatchingFixture _fixture = new(database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_night_on_120_days_of_history_reads_no_history_table_whole()
    {
        await SeedHistoryAsync();
        // The night: today's debits and a late one processed two weeks ago (a late arrival), then the acquirer's
        // lines for yesterday's payments by each key, and lines that match nothing.
        var lastDay = Days * PaymentsPerDay;
        var plans = new ConcurrentQueue<string>();
        await using var explained = ExplainingDataSource(plans);
        using var night = new Ingestion.IngestionFolder(explained);
        await IngestAsync(night, "night-t.csv", TransactionsHeader
            + string.Concat(Enumerable.Range(1, 200).Select(i => $"night-{i},DB,,night-order-{i},{i}.25,EUR,2026-11-24T10:00:00Z,000.000.000,{i % 10_000:D4},\n"))
            + "night-late,DB,,night-late-order,77.77,EUR,2026-11-10T10:00:00Z,000.000.000,4242,\n");
        await IngestAsync(night, "night-s.csv", SettlementHeader
            + string.Concat(Enumerable.Range(0, 300).Select(i => NightLine(lastDay - i, i))));

        var clock = _fixture.Folder.Clock;
        var run = await new SettlementMatcher(explained, new MatchingOptions(), clock, NullLogger<SettlementMatcher>.Instance).MatchAsync(Cancel);
        var aged = await new MissingSettlementAging(explained, new MatchingOptions(), clock, NullLogger<MissingSettlementAging>.Instance).AgeAsync(Cancel);
        await new RetentionStore(explained, clock, NullLogger<RetentionStore>.Instance)
            .DeleteAsync(new RetentionPolicy(Duration.FromDays(110), Duration.FromDays(110), Duration.FromDays(110), Duration.FromDays(90), Duration.FromDays(110)).CutoffsAt(clock.GetCurrentInstant()), Cancel);

        // The night was decided as it would be on an empty database: the keys, the fallback, the misses.
        Assert.Equal((250L, 50L), (run.Count(LineOutcome.Matched), run.Count(LineOutcome.Unmatched)));
        Assert.Equal(0, aged.Raised);

        Assert.True(plans.Count > 20, $"auto_explain reported {plans.Count} plan(s): is it loaded?");
        var scans = plans.SelectMany(plan => SeqScan().Matches(plan).Select(match => (Table: match.Groups[1].Value, Plan: plan))).ToList();
        var partitions = await PartitionsAsync(scans.Select(scan => scan.Table).Distinct());
        var whole = scans
            .Where(scan => HistoryTables.Contains(scan.Table) || (partitions.TryGetValue(scan.Table, out var partition) && HistoryTables.Contains(partition.Parent) && partition.Rows > SmallPartitionRows))
            .ToList();
        // Retention dropped the history's oldest month (it read that month, which it drops, and nothing it keeps).
        Assert.Equal(0L, await _fixture.Folder.CountAsync("SELECT count(*) FROM pg_class WHERE relname = 'settlement_lines_2026_07'"));
        Assert.True(whole.Count == 0, "sequential scans of history tables:\n" + string.Join("\n----\n", whole.Select(scan => scan.Plan)));
        Assert.Equal(1L, await _fixture.Folder.CountAsync("SELECT count(*) FROM recon.exceptions WHERE kind = 'missing_settlement' AND subject = 'leg night-late' AND status = 'open'"));
    }

    // A partition this small is read whole at no cost, and the planner rightly does so: the empty months ahead, the
    // default partition holding what no month covers.
    private const long SmallPartitionRows = 1_000;

    /// <summary>The partitions among <paramref name="tables"/>, with their parent and rows; one dropped since is not among them.</summary>
    private async Task<Dictionary<string, (string Parent, long Rows)>> PartitionsAsync(IEnumerable<string> tables)
    {
        var partitions = new Dictionary<string, (string Parent, long Rows)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = database.DataSource.CreateCommand(
                "SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = to_regclass(@table)");
            command.Parameters.AddWithValue("table", table);
            if (await command.ExecuteScalarAsync(Cancel) is string parent)
            {
                partitions[table] = (parent, await _fixture.Folder.CountAsync($"SELECT count(*) FROM {table}"));
            }
        }

        return partitions;
    }

    private static async Task IngestAsync(Ingestion.IngestionFolder folder, string name, string content)
    {
        var result = await folder.Pipeline().IngestAsync(folder.Drop(name, content), keepOriginal: false, progress: null, Cancel);
        Assert.Equal((IngestionStatus.Processed, 0L), (result.Status, result.LinesRejected));
    }

    // Line i of the night: by payment id, merchant reference, ARN or the fallback (card and amount) for history
    // payment p of the last day; every sixth line names nothing known.
    private static string NightLine(int p, int i)
    {
        var amount = Amount(p);
        return (i % 6) switch
        {
            0 => $"night-line-{i},2026-11-24,NB,SETTLED,nothing-{i},,,{amount},EUR,\n",
            1 => $"night-line-{i},2026-11-24,NB,SETTLED,,ORD-h{p},,{amount},EUR,\n",
            2 => $"night-line-{i},2026-11-24,NB,SETTLED,,,ARN{p:D12},{amount},EUR,\n",
            3 => $"night-line-{i},2026-11-24,NB,SETTLED,unknown-{i},,,{amount},EUR,{p % 10_000:D4}\n",
            _ => $"night-line-{i},2026-11-24,NB,SETTLED,hist-{p},,,{amount},EUR,\n",
        };
    }

    private static string Amount(int p)
    {
        var minor = 100 + (p % 99_900);
        return $"{minor / 100}.{minor % 100:D2}";
    }

    /// <summary>
    /// 120 days of history in set-based SQL: each day's debits (processed that day), their export lines, their settlement lines in a
    /// file of the next day with matched outcomes, but for one debit in 20 that never settled and was raised as
    /// missing (resolved, but the last days'), retrieval requests recorded, audit rows, finished operations. The last day's debits
    /// are not settled yet: the night's file settles them. The watermark is where last night's aging left it.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        await using var command = database.DataSource.CreateCommand(
            """
            -- The history's months, as the nightly job would have made them ahead.
            SELECT recon.create_month_partition(t::regclass, m::date)
            FROM unnest('{acquirer.settlement_lines,recon.line_outcomes,acquirer.dispute_events,recon.dispute_actions,ledger.audit_log}'::text[]) t,
                 generate_series('2026-07-01'::date, '2026-11-01'::date, interval '1 month') m;

            INSERT INTO intake.files (file_id, sha256, original_name, size_bytes, status, kind, claimed_by, claimed_at, finished_at, lines_total, lines_ok, lines_rejected, lines_duplicate)
            OVERRIDING SYSTEM VALUE
            SELECT d, sha256(('history ' || d)::bytea), 'history-' || d || '.csv', 0, 'processed', 'settlement', 'seed',
                   ('2026-11-25'::date - @days + d)::timestamp AT TIME ZONE 'UTC' + interval '1 hour',
                   ('2026-11-25'::date - @days + d)::timestamp AT TIME ZONE 'UTC' + interval '1 hour', @per_day, @per_day, 0, 0
            FROM generate_series(1, @days - 1) d;
            -- The exports that brought the history's payments, and the dispute files of its retrieval requests.
            INSERT INTO intake.files (file_id, sha256, original_name, size_bytes, status, kind, claimed_by, claimed_at, finished_at, lines_total, lines_ok, lines_rejected, lines_duplicate)
            OVERRIDING SYSTEM VALUE
            SELECT k * 1000 + d, sha256(('history ' || k || ' ' || d)::bytea), 'history-' || k || '-' || d || '.csv', 0, 'processed',
                   CASE k WHEN 1 THEN 'transactions' ELSE 'disputes' END, 'seed',
                   ('2026-11-25'::date - @days + d)::timestamp AT TIME ZONE 'UTC' + interval '23 hours',
                   ('2026-11-25'::date - @days + d)::timestamp AT TIME ZONE 'UTC' + interval '23 hours', @per_day, @per_day, 0, 0
            FROM generate_series(0, @days - 1) d, generate_series(1, 2) k;
            SELECT setval(pg_get_serial_sequence('intake.files', 'file_id'), 3000);
            INSERT INTO recon.matched_files SELECT file_id, finished_at FROM intake.files WHERE claimed_by = 'seed' AND kind = 'settlement';

            CREATE TEMP TABLE seed AS
            SELECT p, (p - 1) / @per_day AS day, 100 + (p % 99900) AS amount,
                   ('2026-11-25'::date - @days + (p - 1) / @per_day)::timestamp AT TIME ZONE 'UTC' + interval '8 hours' + (p % 36000) * interval '1 second' AS processed_at
            FROM generate_series(1, @days * @per_day) p;

            INSERT INTO ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded, merchant_transaction_id, processed_at,
                                         card_last4, arn, recorded_at, updated_at, authorized_minor, captured_minor)
            SELECT 'hist-' || p, 'DB', 'EUR', amount, '000.000.000', true, 'ORD-h' || p, processed_at, lpad((p % 10000)::text, 4, '0'),
                   'ARN' || lpad(p::text, 12, '0'), processed_at + interval '1 hour', processed_at + interval '1 hour', amount, amount
            FROM seed;
            INSERT INTO ledger.transactions (transaction_id, payment_id, transaction_type, currency, amount_minor, result_code, merchant_transaction_id, processed_at, recorded_at)
            SELECT 'hist-' || p, 'hist-' || p, 'DB', 'EUR', amount, '000.000.000', 'ORD-h' || p, processed_at, processed_at + interval '1 hour' FROM seed;
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason)
            SELECT processed_at + interval '1 hour', 'file', 'history.csv', 'recorded', 'hist-' || p, 'hist-' || p, 'seeded history' FROM seed;

            INSERT INTO acquirer.transaction_lines (file_id, line_number, source, payment_id, payment_type, amount_minor, currency, processed_at, result_code)
            SELECT 1000 + day, p, 'canonical', 'hist-' || p, 'DB', amount, 'EUR', processed_at, '000.000.000' FROM seed;
            INSERT INTO acquirer.dispute_events (file_id, line_number, source, dispute_id, event, event_date, payment_id)
            SELECT 2000 + day, p, 'canonical', 'D-' || p, 'RETRIEVAL_REQUEST', '2026-11-25'::date - @days + day, 'hist-' || p FROM seed WHERE p % 2 = 1;
            INSERT INTO recon.dispute_actions (file_id, line_number, action, transaction_id, explanation, decided_at, event_date)
            SELECT 2000 + day, p, 'recorded', 'hist-' || p, 'seeded', processed_at + interval '1 day', '2026-11-25'::date - @days + day FROM seed WHERE p % 2 = 1;

            INSERT INTO acquirer.settlement_lines (file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id, gross_minor, transaction_currency)
            SELECT day + 1, p, 'canonical', 'HSTL-' || p, '2026-11-25'::date - @days + day + 1, 'HB-' || day, 'SETTLED', 'hist-' || p, amount, 'EUR'
            FROM seed WHERE day < @days - 1 AND p % 20 <> 0;
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, leg_sequence, payment_id, transaction_type,
                                             expected_minor, expected_currency, difference_minor, decided_at, settlement_date)
            SELECT l.file_id, l.line_number, 'SETTLED', 'matched', 'payment_id', t.transaction_id, t.sequence, t.payment_id, 'DB', t.amount_minor, 'EUR', 0,
                   f.finished_at, l.settlement_date
            FROM acquirer.settlement_lines l JOIN ledger.transactions t ON t.transaction_id = l.payment_id JOIN intake.files f USING (file_id);
            INSERT INTO recon.leg_settlements (leg_sequence, record_type, file_id, line_number, settlement_date)
            SELECT leg_sequence, record_type, file_id, line_number, settlement_date FROM recon.line_outcomes;

            -- Missing settlements raised 3 days after processing; all resolved but the last week's.
            INSERT INTO recon.exceptions (kind, subject, transaction_id, summary, raised_at, status, resolved_at, resolved_by, note)
            SELECT 'missing_settlement', 'leg hist-' || p, 'hist-' || p, 'seeded', processed_at + interval '3 days',
                   CASE WHEN day < @days - 10 THEN 'resolved' ELSE 'open' END,
                   CASE WHEN day < @days - 10 THEN processed_at + interval '5 days' END,
                   CASE WHEN day < @days - 10 THEN 'seed' END,
                   CASE WHEN day < @days - 10 THEN 'written off' END
            FROM seed WHERE p % 20 = 0 AND day < @days - 4;

            INSERT INTO operations.operations (operation_id, kind, referenced_id, currency, amount_minor, status, requested_by_kind, requested_by, request_reason, created_at, updated_at)
            SELECT md5('op' || p), 'RF', 'hist-' || p, 'EUR', 100, 'succeeded', 'operator', 'seed', 'seeded', processed_at, processed_at + interval '1 minute'
            FROM seed WHERE p % 10 = 0;

            INSERT INTO recon.nightly_watermarks (name, processed_through, sequence_through, pending_sequence, pending_xmax, updated_at)
            SELECT 'missing-settlement-aging', '2026-11-21T02:00:00Z', max(sequence), max(sequence), '3'::xid8, '2026-11-24T02:00:00Z' FROM ledger.transactions;
            DROP TABLE seed;
            """);
        command.Parameters.AddWithValue("days", Days);
        command.Parameters.AddWithValue("per_day", PaymentsPerDay);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(Cancel);
        await using var analyze = database.DataSource.CreateCommand("VACUUM ANALYZE");
        analyze.CommandTimeout = 300;
        await analyze.ExecuteNonQueryAsync(Cancel);
    }

    // Each session of this source loads auto_explain and sends every statement's plan back as a notice, which
    // Npgsql logs; the plans land in <paramref name="plans"/>.
    private NpgsqlDataSource ExplainingDataSource(ConcurrentQueue<string> plans)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=off "
                + "-c auto_explain.log_nested_statements=on -c auto_explain.log_verbose=on -c auto_explain.log_level=notice",
        };
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        builder.UseNodaTime();
        builder.UseLoggerFactory(LoggerFactory.Create(logging => logging.AddProvider(new CapturedLog(plans)).SetMinimumLevel(LogLevel.Debug)));
        return builder.Build();
    }

    [GeneratedRegex(@"Seq Scan on (\w+\.\w+)")]
    private static partial Regex SeqScan();

    public void Dispose() => _fixture.Dispose();
}
