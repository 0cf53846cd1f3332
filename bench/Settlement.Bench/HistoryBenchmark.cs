using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Retention;

namespace Settlement.Bench;

/// <summary>
/// A night on years of history (issue 16): one cluster is seeded in SQL (set-based, indexes built after the load)
/// with H payments and their legs processed over 126 days, and H settlement lines in a file per day with their
/// matched outcomes; another stays empty. The same night (a transactions export of N debits, untimed, then a
/// settlement file of N lines for them, ingested and matched, timed) runs on both in the same process. The
/// ratio of the two nights is what the history costs a night.
/// </summary>
internal static class HistoryBenchmark
{
    private const int HistoryDays = 126;

    public static async Task<int> RunAsync(int history, int nightLines)
    {
        var folder = ScratchFolder.Create("settlement-bench");

        try
        {
            Console.WriteLine($"load average at start: {LoadAverage()}");
            await using var full = await MatchingBenchmark.BenchCluster.StartAsync(ScratchFolder.Subfolder(folder, "history"));
            var seed = Stopwatch.StartNew();
            await PartitionsAsync(full.DataSource);
            await SeedAsync(full.DataSource, history);
            seed.Stop();
            var sizes = await SizesAsync(full.DataSource);

            await using var empty = await MatchingBenchmark.BenchCluster.StartAsync(ScratchFolder.Subfolder(folder, "empty"));
            await PartitionsAsync(empty.DataSource);
            // Two rounds, the same night on each cluster in turn: the first also pays for the process warming up
            // (code compiled, pools opened), the second is the one compared.
            var rounds = new List<(Night Empty, Night History)>();
            for (var round = 0; round < 2; round++)
            {
                var (transactions, settlement) = await NightFilesAsync(folder, history + round * nightLines, nightLines, round);
                var onEmpty = await NightAsync(empty, transactions, settlement);
                var onHistory = await NightAsync(full, transactions, settlement);
                rounds.Add((onEmpty, onHistory));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history: {history:N0} payments, legs, lines and outcomes over {HistoryDays} days seeded in {seed.Elapsed.TotalSeconds:F0} s"));
            foreach (var (table, bytes) in sizes)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table}: {bytes / 1e9:F2} GB with indexes, {bytes / 1e9 * 10_000_000 / Math.Max(history, 1):F2} GB per 10M rows"));
            }

            Console.WriteLine($"load average at the end: {LoadAverage()}; the empty cluster of round 2 holds round 1's night");
            Console.WriteLine("| round | night | history | ingest | match | night | ratio to the empty history | outcomes |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
            for (var round = 0; round < rounds.Count; round++)
            {
                Console.WriteLine(Row(round + 1, nightLines, 0, rounds[round].Empty, rounds[round].Empty));
                Console.WriteLine(Row(round + 1, nightLines, history, rounds[round].History, rounds[round].Empty));
            }

            // Retention of the history's oldest months, each dropped whole (lines with their outcomes): July (from
            // the 21st) untimed, then August, a full month, timed.
            await RetainAsync(full.DataSource, Instant.FromUtc(2026, 8, 5, 0, 0));
            var deadBefore = await DeadTuplesAsync(full.DataSource);
            var retention = Stopwatch.StartNew();
            var august = await RetainAsync(full.DataSource, Instant.FromUtc(2026, 9, 5, 0, 0));
            retention.Stop();
            var deadAfter = await DeadTuplesAsync(full.DataSource);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"retention of August 2026 ({august.SettlementLines:N0} lines with their outcomes, {august.MonthsDropped} month partition(s)): {retention.Elapsed.TotalSeconds:F2} s; dead tuples in the remaining partitions of lines, outcomes and recon.leg_settlements: {deadBefore} before, {deadAfter} after"));

            var last = rounds[^1];
            var settled = last.History.Run.Count(LineOutcome.Matched) + last.History.Run.Count(LineOutcome.AmountMismatch);
            return settled == nightLines && rounds.All(night => night.Empty.Run.ToString() == night.History.Run.ToString()) ? 0 : 2;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
            {
                Console.WriteLine($"kept: {folder}");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed record Night(TimeSpan Ingest, TimeSpan Match, MatchRun Run)
    {
        public TimeSpan Total => Ingest + Match;
    }

    private static string Row(int round, int lines, int history, Night night, Night floor) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {round} | {lines:N0} | {history:N0} | {night.Ingest.TotalSeconds:F2} s | {night.Match.TotalSeconds:F2} s | {night.Total.TotalSeconds:F2} s | {night.Total / floor.Total:F2}× | {night.Run} |");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";


    // A night's files: a transactions export of debits and the settlement lines that pay them, ids from
    // <paramref name="first"/> on (after the history's, GeneratedDay.Id), so every cluster gets the same files.
    private static async Task<(string Transactions, string Settlement)> NightFilesAsync(string folder, int first, int lines, int round)
    {
        var transactions = Path.Combine(folder, $"transactions-{round}.csv");
        var settlement = Path.Combine(folder, $"settlement-{round}.csv");
        await GeneratedDay.WriteAsync(transactions, GeneratedDay.TransactionsHeader, lines, i => GeneratedDay.Debit(first + i, "2026-11-24T12:00:00Z"));
        await GeneratedDay.WriteAsync(settlement, GeneratedDay.SettlementHeader, lines, i => GeneratedDay.Settled(first + i, first + i, "2026-11-25", i % 100 == 0 ? -1 : 0));
        return (transactions, settlement);
    }

    private static async Task<Night> NightAsync(MatchingBenchmark.BenchCluster cluster, string transactions, string settlement)
    {
        await cluster.Ingestion.IngestAsync(transactions, keepOriginal: true, progress: null, CancellationToken.None);
        await using (var checkpoint = cluster.DataSource.CreateCommand("CHECKPOINT"))
        {
            await checkpoint.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await cluster.Ingestion.IngestAsync(settlement, keepOriginal: true, progress: null, CancellationToken.None);
        var ingest = clock.Elapsed;
        var run = await cluster.MatchAsync();
        return new Night(ingest, clock.Elapsed - ingest, run);
    }

    // The history in SQL, as fast as PostgreSQL loads: the four big tables lose their foreign keys and secondary
    // indexes for the load and get them back after (built by sorting, not row by row), then statistics. Their
    // keys stay (a view depends on one), and the seeded keys ascend, so each row only appends to them. Every payment is a DB
    // leg settled by one line the day after, decided 'matched'; aging's watermark is where the last night left it.
    private static async Task SeedAsync(NpgsqlDataSource dataSource, int history)
    {
        // The ledger's foreign keys and indexes are rebuilt after the load; the partitioned tables keep theirs (a
        // partitioned index's definition does not recreate its partitions' indexes).
        const string tables = "'{ledger.payments,ledger.transactions}'::regclass[]";
        var perDay = (history + HistoryDays - 1) / HistoryDays;
        string[] steps =
        [
            "SET maintenance_work_mem = '1GB'",
            $"""
            CREATE TABLE bench_saved AS
            SELECT 1 AS rank, 'ALTER TABLE ' || c.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(c.conname) AS drop_ddl,
                   'ALTER TABLE ' || c.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) AS create_ddl
            FROM pg_constraint c WHERE c.contype = 'f' AND (c.conrelid = ANY({tables}) OR c.confrelid = ANY({tables}))
            UNION ALL
            SELECT 2, 'DROP INDEX ' || i.indexrelid::regclass, pg_get_indexdef(i.indexrelid)
            FROM pg_index i WHERE i.indrelid = ANY({tables})
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            """,
            "DO $$ DECLARE s record; BEGIN FOR s IN SELECT drop_ddl FROM bench_saved ORDER BY rank LOOP EXECUTE s.drop_ddl; END LOOP; END $$",
            $"""
            INSERT INTO intake.files (file_id, sha256, original_name, size_bytes, status, kind, claimed_by, claimed_at, finished_at, lines_total, lines_ok, lines_rejected, lines_duplicate)
            OVERRIDING SYSTEM VALUE
            SELECT k * 1000 + d, sha256(('history ' || k || ' ' || d)::bytea), 'history-' || k || '-' || d || '.csv', 0, 'processed',
                   CASE k WHEN 1 THEN 'transactions' ELSE 'settlement' END, 'seed',
                   ('2026-11-24'::date - {HistoryDays} + d + k - 1)::timestamp AT TIME ZONE 'UTC' + interval '23 hours',
                   ('2026-11-24'::date - {HistoryDays} + d + k - 1)::timestamp AT TIME ZONE 'UTC' + interval '23 hours', {perDay}, {perDay}, 0, 0
            FROM generate_series(0, {HistoryDays - 1}) d, generate_series(1, 2) k
            """,
            "SELECT setval(pg_get_serial_sequence('intake.files', 'file_id'), 10000)",
            "INSERT INTO recon.matched_files SELECT file_id, finished_at FROM intake.files WHERE kind = 'settlement'",
            $"""
            CREATE UNLOGGED TABLE bench_seed AS
            SELECT i, i / {perDay} AS day, '8ac7a4a1' || lpad(i::text, 24, '0') AS id, 100 + (i % 99900) AS amount,
                   ('2026-11-24'::date - {HistoryDays} + i / {perDay})::timestamp AT TIME ZONE 'UTC' + interval '8 hours' + (i % 36000) * interval '1 second' AS processed_at
            FROM generate_series(0, {history - 1}) i
            """,
            """
            INSERT INTO ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded, processed_at, recorded_at, updated_at, authorized_minor, captured_minor)
            SELECT id, 'DB', 'EUR', amount, '000.000.000', true, processed_at, processed_at + interval '12 hours', processed_at + interval '12 hours', amount, amount FROM bench_seed
            """,
            """
            INSERT INTO ledger.transactions (transaction_id, payment_id, transaction_type, currency, amount_minor, result_code, processed_at, recorded_at, sequence)
            OVERRIDING SYSTEM VALUE
            SELECT id, id, 'DB', 'EUR', amount, '000.000.000', processed_at, processed_at + interval '12 hours', i + 1 FROM bench_seed
            """,
            $"SELECT setval(pg_get_serial_sequence('ledger.transactions', 'sequence'), {Math.Max(history, 1)})",
            $"""
            INSERT INTO acquirer.settlement_lines (file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id, gross_minor, transaction_currency)
            SELECT 2000 + day, i + 2, 'canonical', 'STL-H' || lpad(i::text, 10, '0'), '2026-11-24'::date - {HistoryDays} + day + 1, 'HB-' || day, 'SETTLED', id, amount, 'EUR'
            FROM bench_seed
            """,
            $"""
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, leg_sequence, payment_id, transaction_type,
                                             expected_minor, expected_currency, difference_minor, decided_at, settlement_date)
            SELECT 2000 + day, i + 2, 'SETTLED', 'matched', 'payment_id', id, i + 1, id, 'DB', amount, 'EUR', 0, processed_at + interval '1 day',
                   '2026-11-24'::date - {HistoryDays} + day + 1
            FROM bench_seed
            """,
            $"""
            INSERT INTO recon.leg_settlements (leg_sequence, record_type, file_id, line_number, settlement_date)
            SELECT i + 1, 'SETTLED', 2000 + day, i + 2, '2026-11-24'::date - {HistoryDays} + day + 1 FROM bench_seed
            """,
            "DROP TABLE bench_seed",
            "DO $$ DECLARE s record; BEGIN FOR s IN SELECT create_ddl FROM bench_saved ORDER BY rank DESC LOOP EXECUTE s.create_ddl; END LOOP; END $$",
            "DROP TABLE bench_saved",
            """
            INSERT INTO recon.nightly_watermarks (name, processed_through, sequence_through, pending_sequence, pending_xmax, updated_at)
            SELECT 'missing-settlement-aging', now() - interval '4 days', coalesce(max(sequence), 0), coalesce(max(sequence), 0), '3'::xid8, now() - interval '1 day'
            FROM ledger.transactions
            """,
            "ANALYZE",
            "CHECKPOINT",
        ];
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var step in steps)
        {
            var clock = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand(step, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seed: {clock.Elapsed.TotalSeconds,6:F1} s  {step.Split('\n')[0]}"));
        }
    }

    // The history's months (and the night's), as the nightly job would have made them.
    private static async Task PartitionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT recon.create_month_partition(t::regclass, m::date)
            FROM unnest('{acquirer.settlement_lines,recon.line_outcomes,acquirer.dispute_events,recon.dispute_actions,ledger.audit_log}'::text[]) t,
                 generate_series('2026-07-01'::date, '2026-12-01'::date, interval '1 month') m
            """);
        await command.ExecuteNonQueryAsync();
    }

    // Only the lines' months are retained here; nothing else of the history is old enough to go.
    private static readonly Instant LongAgo = Instant.FromUtc(2000, 1, 1, 0, 0);

    private static Task<RetentionRun> RetainAsync(NpgsqlDataSource dataSource, Instant linesBefore) =>
        new RetentionStore(dataSource, MatchingBenchmark.BenchCluster.Clock, NullLogger<RetentionStore>.Instance)
            .DeleteAsync(new RetentionCutoffs(linesBefore, LongAgo, LongAgo, LongAgo, linesBefore), CancellationToken.None);

    // Dead tuples by pgstattuple_approx (it reads the pages the visibility map does not say are all visible): what
    // is there, where pg_stat_user_tables.n_dead_tup arrives from each backend a while later.
    private static async Task<long> DeadTuplesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            CREATE EXTENSION IF NOT EXISTS pgstattuple;
            SELECT coalesce(sum((pgstattuple_approx(c.oid)).dead_tuple_count), 0)::bigint
            FROM pg_class c
            WHERE c.oid = 'recon.leg_settlements'::regclass
               OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent IN ('acquirer.settlement_lines'::regclass, 'recon.line_outcomes'::regclass))
            """);
        command.CommandTimeout = 0;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Table, long Bytes)>> SizesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT t::text, pg_total_relation_size(t)
            FROM unnest('{ledger.payments,ledger.transactions,acquirer.settlement_lines,recon.line_outcomes,recon.leg_settlements}'::regclass[]) t
            """);
        var sizes = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return sizes;
    }
}
