using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// Matches settlement lines to ledger legs, set-based in PostgreSQL (a few statements per run, never a query
/// per line). Keys are tried in order — gateway payment id, merchant reference, ARN, then a fallback on
/// amount, currency, card last 4 and a date window — and a line uses the first key that finds anything.
/// Each leg is settled at most once per record type: lines compete for legs by one score (a direct id over
/// the payment's id, the smaller amount difference, the nearer date, then ids), and the best pairs are taken
/// round by round, so the result is deterministic and a partial capture settles its own leg.
/// </summary>
public sealed partial class SettlementMatcher(NpgsqlDataSource dataSource, MatchingOptions options, IClock clock, ILogger<SettlementMatcher> logger)
{
    private const int MaxRounds = 50;
    private const int BatchStatementTimeoutSeconds = 30 * 60;

    internal const string Settles = "('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch')";

    // Hash joins of a night's lines with the ledger fit in memory at this size instead of spilling to disk in
    // batches (4 MB is the server default); one matcher runs at a time (the lock), so one such session.
    private const string WorkMem = "256MB";

    private const string BatchRecordTypes = "('FEE', 'PAYOUT', 'ADJUSTMENT')";

    public async Task<MatchRun> MatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.Matching));
        await ExecuteAsync(connection, transaction, "SELECT set_config('work_mem', @work_mem, true)", cancellationToken, ("work_mem", WorkMem));
        // Each statement runs once over a million rows: JIT compiled it anew every run for 1.3 s, more than it saved.
        await ExecuteAsync(connection, transaction, "SET LOCAL jit = off", cancellationToken);

        // The lines of files not taken yet, and the unmatched ones: their transaction may have arrived since.
        var step = Stopwatch.StartNew();
        await ExecuteAsync(connection, transaction, PrepareRunSql, cancellationToken);
        var files = await TakeFilesAsync(connection, transaction, now, cancellationToken);
        LogStep(logger, "take files", step.ElapsedMilliseconds);

        var decided = new Dictionary<LineOutcome, long>();
        step.Restart();
        await DecideDirectMatchesAsync(connection, transaction, files, now, decided, cancellationToken);
        LogStep(logger, "direct matches", step.ElapsedMilliseconds);
        step.Restart();
        await RecordAsync(connection, transaction, BatchLinesSql, decided, cancellationToken, ("now", now));
        await ExecuteAsync(connection, transaction, UndecidedSql, cancellationToken);
        await ExecuteAsync(connection, transaction, CandidatesSql, cancellationToken,
            ("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("window", options.FallbackWindow.Days));

        for (var round = 0; round < MaxRounds; round++)
        {
            var taken = await RecordAsync(connection, transaction, TakeBestPairsSql, decided, cancellationToken, DecisionParameters(now));
            if (taken == 0)
            {
                break;
            }
        }

        await RecordAsync(connection, transaction, DuplicatesSql, decided, cancellationToken, ("now", now));
        await RecordAsync(connection, transaction, UnmatchedSql, decided, cancellationToken, ("now", now), ("window", options.FallbackWindow.Days));
        LogStep(logger, "other lines", step.ElapsedMilliseconds);
        step.Restart();
        await ExecuteAsync(connection, transaction, RaiseExceptionsSql, cancellationToken, ("now", now));
        await ExecuteAsync(connection, transaction, ResolveMatchedLaterSql, cancellationToken, ("now", now));
        await MissingSettlementAging.AgeAsync(connection, transaction, options, now, "rule:matching", cancellationToken);
        LogStep(logger, "exceptions", step.ElapsedMilliseconds);

        await transaction.CommitAsync(cancellationToken);
        var run = new MatchRun(decided);
        LogRun(logger, run);
        return run;
    }

    // Takes the processed settlement files not taken yet, in the run's transaction, so a run reads the night's lines
    // and never the history (a processed file's lines were committed with its status), and returns their ids. The
    // direct pass names the ids as values, so the planner estimates their lines from the table's statistics: a
    // night's few thousand lines are then looked up in the ledger by key, a million are hashed against it. Right
    // after a large file those statistics (autovacuum analyzes a minute later at best) still describe the table
    // without it, and the planner would probe the ledger's index a million times; autovacuum's own rule (10 % new
    // rows) decides to analyze here and now.
    private static async Task<long[]> TakeFilesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, CancellationToken cancellationToken)
    {
        long[] files;
        bool stale;
        await using (var command = Command(connection, transaction, TakeFilesSql, [("now", now)]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            files = reader.GetFieldValue<long[]>(0);
            stale = reader.GetBoolean(1);
        }

        if (stale)
        {
            await ExecuteAsync(connection, transaction, "ANALYZE acquirer.settlement_lines", cancellationToken);
        }

        return files;
    }

    private const string TakeFilesSql =
        """
        WITH taken AS (
            INSERT INTO recon.matched_files (file_id, matched_at)
            SELECT f.file_id, @now FROM intake.files f
            WHERE f.status = 'processed' AND f.kind = 'settlement'
              AND NOT EXISTS (SELECT 1 FROM recon.matched_files m WHERE m.file_id = f.file_id)
            RETURNING file_id
        )
        SELECT coalesce(array_agg(t.file_id), '{}'),
               coalesce(sum(f.lines_ok), 0) > 0.1 * (SELECT coalesce(sum(greatest(c.reltuples, 0)), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                                WHERE i.inhparent = 'acquirer.settlement_lines'::regclass)
        FROM taken t JOIN intake.files f USING (file_id)
        """;

    // Most lines name their leg by the leg's own id, and no other line names the same leg, and the leg is not
    // settled yet. Both exceptions are what recon.leg_settlements' key forbids, so the pass first
    // assumes neither and lets the key check it as it inserts; only when it refuses does the pass run again
    // with both checks spelled out (a window count and a probe per line), which cost seconds per million lines.
    private async Task DecideDirectMatchesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long[] files, Instant now, Dictionary<LineOutcome, long> decided, CancellationToken cancellationToken)
    {
        const string savepoint = "direct_matches";
        await transaction.SaveAsync(savepoint, cancellationToken);
        var optimistic = new Dictionary<LineOutcome, long>();
        try
        {
            await RecordAsync(connection, transaction, DirectMatchesSql, optimistic, cancellationToken, [.. DecisionParameters(now), ("files", files)]);
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            foreach (var (outcome, count) in optimistic)
            {
                decided[outcome] = decided.GetValueOrDefault(outcome) + count;
            }
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation && conflict.ConstraintName == OneSettlementPerLeg)
        {
            await transaction.RollbackAsync(savepoint, cancellationToken);
            LogContestedLegs(logger);
            await RecordAsync(connection, transaction, ContestedDirectMatchesSql, decided, cancellationToken, [.. DecisionParameters(now), ("files", files)]);
        }

        await ExecuteAsync(connection, transaction, PendingRedecidedSql, cancellationToken);
    }

    private (string Name, object Value)[] DecisionParameters(Instant now) =>
        [("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("fx", options.FxNetToleranceMinor), ("now", now)];

    private const string OneSettlementPerLeg = "leg_settlements_pkey";

    // What the statements after the direct pass need of a line.
    private const string LineColumnsOfL =
        """
        l.file_id, l.line_number, l.line_id, l.record_type, l.payment_id, l.merchant_transaction_id, l.arn, l.gross_minor, l.transaction_currency,
        l.settlement_currency, l.exchange_rate, l.fee_minor, l.net_minor, l.settlement_date, l.card_last4, l.batch_id
        """;

    // The run's working tables, and the unmatched lines to decide again. "pending" collects the lines the direct
    // pass leaves to the other keys; "to_raise" the lines that need a person.
    private const string PrepareRunSql =
        $"""
        CREATE TEMP TABLE redecided (file_id bigint, line_number bigint, PRIMARY KEY (file_id, line_number)) ON COMMIT DROP;
        CREATE TEMP TABLE pending ON COMMIT DROP AS SELECT {LineColumnsOfL} FROM acquirer.settlement_lines l WITH NO DATA;
        CREATE TEMP TABLE to_raise (file_id bigint, line_number bigint) ON COMMIT DROP;

        WITH redecided AS (
            DELETE FROM recon.line_outcomes WHERE outcome = 'unmatched' RETURNING file_id, line_number
        )
        INSERT INTO redecided SELECT file_id, line_number FROM redecided;

        ANALYZE redecided;
        """;

    // Notes the lines just decided that need a person (exceptions are raised once, at the end of the run, from
    // their explanations), and counts what an "inserted" CTE (rows of recon.line_outcomes just written,
    // RETURNING file_id, line_number, outcome) decided.
    private const string NoteAndCountSql =
        """
        , noted AS (
            INSERT INTO to_raise SELECT file_id, line_number FROM inserted WHERE outcome IN ('unmatched', 'duplicate', 'amount_mismatch', 'currency_mismatch')
        )
        SELECT outcome, count(*) FROM inserted GROUP BY outcome
        """;

    private const string InsertedColumns = "RETURNING file_id, line_number, outcome";

    private const string BatchLinesSql =
        $"""
        WITH inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at, settlement_date)
            SELECT file_id, line_number, record_type, 'batch',
                   format('%s line of batch %s: %s', lower(record_type), batch_id, recon.amount_text(gross_minor, transaction_currency)), @now, settlement_date
            FROM pending WHERE record_type IN {BatchRecordTypes}
            {InsertedColumns}
        )
        {NoteAndCountSql}
        """;

    // Records decided pairs: each row of "decided" is a line and the leg it settles, by key "matched_by". The
    // outcome follows from the amounts and currencies, and for a line that gives its net, from net = gross ×
    // rate − fee (rate 1 and the same currency when not given) within the FX tolerance. The explanation is
    // derived on read (recon.explained_line_outcomes) from what is stored, except a failed net check's, which
    // is written: it needs the line's fee, rate and net.
    private const string RecordDecidedSql =
        $"""
        , classified AS (
            SELECT d.*,
                   CASE WHEN currency <> line_currency THEN 'currency_mismatch'
                        WHEN gross_minor = amount_minor THEN 'matched'
                        WHEN abs(gross_minor - amount_minor) <= greatest(@abs, floor(amount_minor * @pct)) THEN 'matched_within_tolerance'
                        ELSE 'amount_mismatch' END AS amount_outcome,
                   coalesce(settlement_currency, line_currency) AS net_currency, coalesce(exchange_rate, 1) AS rate,
                   CASE WHEN net_minor IS NOT NULL THEN
                       round(gross_minor::numeric / power(10::numeric, recon.currency_exponent(line_currency)) * coalesce(exchange_rate, 1)
                             * power(10::numeric, recon.currency_exponent(coalesce(settlement_currency, line_currency))))::bigint - coalesce(fee_minor, 0)
                   END AS expected_net
            FROM decided d
        ), checked AS (
            SELECT c.*, coalesce(amount_outcome IN ('matched', 'matched_within_tolerance') AND abs(expected_net - net_minor) > @fx, false) AS net_fails
            FROM classified c
        ), inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, leg_sequence, payment_id, transaction_type,
                                             expected_minor, expected_currency, difference_minor, explanation, decided_at, settlement_date)
            SELECT file_id, line_number, record_type, CASE WHEN net_fails THEN 'amount_mismatch' ELSE amount_outcome END,
                   matched_by, transaction_id, leg_sequence, payment_id, transaction_type, amount_minor, currency,
                   CASE WHEN currency = line_currency THEN gross_minor - amount_minor END,
                   CASE WHEN net_fails THEN
                       format('%s by %s: line %s, %s %s is %s; but net does not add up: %s × %s − %s = %s expected, line says %s',
                              amount_outcome, matched_by, recon.amount_text(gross_minor, line_currency), transaction_type, transaction_id,
                              recon.amount_text(amount_minor, currency), recon.amount_text(gross_minor, line_currency), rate, recon.amount_text(coalesce(fee_minor, 0), net_currency),
                              recon.amount_text(expected_net, net_currency), recon.amount_text(net_minor, net_currency))
                   END,
                   @now, settlement_date
            FROM checked
            RETURNING file_id, line_number, outcome, leg_sequence, record_type, settlement_date
        ), settles AS (
            -- Every outcome above settles its leg; the key refuses a leg's second settlement, in any month.
            INSERT INTO recon.leg_settlements (leg_sequence, record_type, file_id, line_number, settlement_date)
            SELECT leg_sequence, record_type, file_id, line_number, settlement_date FROM inserted
        )
        {NoteAndCountSql}
        """;

    private const string DirectColumns =
        """
        file_id, line_number, settlement_date, record_type, 'payment_id' AS matched_by, gross_minor, transaction_currency AS line_currency,
        settlement_currency, exchange_rate, fee_minor, net_minor, direct_transaction_id AS transaction_id, direct_leg_sequence AS leg_sequence,
        direct_payment_id AS payment_id,
        direct_transaction_type AS transaction_type, direct_amount_minor AS amount_minor, direct_currency AS currency
        """;

    // Each line of the files just taken with the leg it names by the leg's own id when that leg is one its record
    // type settles, on a payment that did not fail: the direct match. Failed payments are few and indexed
    // (payments_failed), so no payment row is read for its flag. The lines the pass does not decide go to
    // "pending" in the same statement (the lines are read once): those without a direct leg, batch lines, and
    // any line naming the same id as a line decided again (unmatched before; those are few and go through the
    // rounds, where the two compete).
    private static string DirectPassSql(string decidable) =>
        $"""
        WITH named AS MATERIALIZED (
            SELECT l.file_id, l.line_number, l.settlement_date, l.record_type, l.gross_minor, l.transaction_currency, l.settlement_currency, l.exchange_rate,
                   l.fee_minor, l.net_minor, d.transaction_id AS direct_transaction_id, d.sequence AS direct_leg_sequence, d.payment_id AS direct_payment_id,
                   d.transaction_type AS direct_transaction_type, d.amount_minor AS direct_amount_minor, d.currency AS direct_currency,
                   d.transaction_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM redecided x JOIN acquirer.settlement_lines xl USING (file_id, line_number) WHERE xl.payment_id = l.payment_id)
                   {decidable} AS decidable
            FROM acquirer.settlement_lines l
            LEFT JOIN (SELECT t.transaction_id, t.sequence, t.payment_id, t.transaction_type, t.amount_minor, t.currency, r.record_type
                       FROM ledger.transactions t JOIN recon.record_type_legs r USING (transaction_type)
                       WHERE NOT EXISTS (SELECT 1 FROM ledger.payments f WHERE f.payment_id = t.payment_id AND NOT f.succeeded)) d
              ON d.transaction_id = l.payment_id AND d.record_type = l.record_type
            WHERE l.file_id = ANY(@files)
        ), rest AS (
            INSERT INTO pending
            SELECT {LineColumnsOfL} FROM named n JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE NOT n.decidable
        ), decided AS (
            SELECT {DirectColumns} FROM named WHERE decidable
        )
        {RecordDecidedSql}
        """;

    // The common case in one pass: a line that names a leg by the leg's own id. The rounds below would give it
    // that leg anyway (a direct id is the best score for the line and for the leg) when no other undecided line
    // names it and it is not settled yet; recon.leg_settlements' key refuses the insert otherwise.
    private static readonly string DirectMatchesSql = DirectPassSql("");

    // The same pass when some leg is contested: only a line that is alone in naming its leg, and only when the
    // leg is not settled yet; the others compete in the rounds.
    private static readonly string ContestedDirectMatchesSql = DirectPassSql(
        $"""
        AND count(d.transaction_id) OVER (PARTITION BY d.transaction_id, l.record_type) = 1
        AND NOT EXISTS (SELECT 1 FROM recon.leg_settlements s WHERE s.leg_sequence = d.sequence AND s.record_type = l.record_type)
        """);

    // The unmatched lines decided again: the direct pass left them to the rounds.
    private const string PendingRedecidedSql =
        $"""
        INSERT INTO pending
        SELECT {LineColumnsOfL} FROM redecided r JOIN acquirer.settlement_lines l USING (file_id, line_number);

        -- A temp table has no statistics until analyzed: the planner would guess its size.
        ANALYZE pending;
        """;

    private const string UndecidedSql =
        $"""
        CREATE TEMP TABLE undecided ON COMMIT DROP AS
        SELECT p.* FROM pending p WHERE p.record_type NOT IN {BatchRecordTypes};
        ANALYZE undecided;
        """;

    // Every candidate leg of every pending line, at every key level; a line then keeps its lowest level only.
    private const string CandidatesSql =
        """
        CREATE TEMP TABLE candidates ON COMMIT DROP AS
        -- Inlined into each key's join (not computed once for the whole ledger): each then probes its own index.
        WITH legs AS NOT MATERIALIZED (
            SELECT t.transaction_id, t.sequence AS leg_sequence, t.payment_id, t.transaction_type, t.amount_minor, t.currency, t.processed_at,
                   t.merchant_transaction_id AS leg_reference, p.merchant_transaction_id AS payment_reference, p.arn, p.card_last4
            FROM ledger.transactions t JOIN ledger.payments p USING (payment_id)
            WHERE p.succeeded AND t.transaction_type IN ('DB', 'CP', 'RB', 'RF', 'CB', 'CR')
        ), keyed AS (
            SELECT l.file_id, l.line_number, 1 AS level, 'payment_id' AS matched_by, true AS direct, g.*
            FROM undecided l JOIN legs g ON g.transaction_id = l.payment_id
            UNION ALL
            SELECT l.file_id, l.line_number, 1, 'payment_id', false, g.*
            FROM undecided l JOIN legs g ON g.payment_id = l.payment_id AND g.transaction_id <> l.payment_id
            UNION ALL
            SELECT l.file_id, l.line_number, 2, 'merchant_transaction_id', true, g.*
            FROM undecided l JOIN legs g ON g.leg_reference = l.merchant_transaction_id
            UNION ALL
            SELECT l.file_id, l.line_number, 2, 'merchant_transaction_id', false, g.*
            FROM undecided l JOIN legs g ON g.payment_reference = l.merchant_transaction_id AND g.leg_reference IS DISTINCT FROM l.merchant_transaction_id
            UNION ALL
            SELECT l.file_id, l.line_number, 3, 'arn', false, g.*
            FROM undecided l JOIN legs g ON g.arn = l.arn
            UNION ALL
            SELECT l.file_id, l.line_number, 4, 'fallback', false, g.*
            FROM undecided l
            -- Per line (OFFSET 0 keeps the subquery from being flattened into a join that hashes every payment
            -- by card): transactions_fallback is probed by currency, the amounts the tolerance can accept and
            -- the date window; |a − g| ≤ max(abs, a × pct) gives (g − abs) / (1 + pct) ≤ a ≤ (g + abs) / (1 − pct)
            -- for a leg's amount a ≥ 0.
            CROSS JOIN LATERAL (
                SELECT f.* FROM legs f
                WHERE f.currency = l.transaction_currency AND f.card_last4 = l.card_last4
                  AND f.processed_at >= (l.settlement_date - @window)::timestamp AT TIME ZONE 'UTC'
                  AND f.processed_at < (l.settlement_date + 1)::timestamp AT TIME ZONE 'UTC'
                  AND f.amount_minor >= floor((l.gross_minor - @abs) / (1 + @pct))::bigint
                  AND f.amount_minor <= CASE WHEN @pct < 1 THEN least(ceil((l.gross_minor + @abs) / (1 - @pct)), 9223372036854775807)::bigint
                                             ELSE 9223372036854775807 END
                  AND abs(f.amount_minor - l.gross_minor) <= greatest(@abs, floor(f.amount_minor * @pct))
                OFFSET 0
            ) g
        ), typed AS (
            SELECT k.*, l.record_type, l.gross_minor, l.transaction_currency AS line_currency, l.settlement_date,
                   l.settlement_currency, l.exchange_rate, l.fee_minor, l.net_minor,
                   min(k.level) OVER (PARTITION BY k.file_id, k.line_number) AS best_level
            FROM keyed k
            JOIN undecided l USING (file_id, line_number)
            JOIN recon.record_type_legs r ON r.record_type = l.record_type AND r.transaction_type = k.transaction_type
        )
        SELECT DISTINCT ON (file_id, line_number, transaction_id)
               file_id, line_number, level, matched_by, direct, transaction_id, leg_sequence, payment_id, transaction_type, amount_minor, currency,
               processed_at, record_type, gross_minor, line_currency, settlement_date, settlement_currency, exchange_rate, fee_minor, net_minor,
               -- One score ranks pairs for the line and for the leg alike, so the best pair is best for both.
               (CASE WHEN direct THEN 0 ELSE 1 END) AS score_direct,
               (CASE WHEN currency = line_currency THEN abs(amount_minor - gross_minor) ELSE 9223372036854775807 END) AS score_difference,
               abs(extract(epoch FROM (settlement_date::timestamp AT TIME ZONE 'UTC') - processed_at)) AS score_distance
        FROM typed
        WHERE level = best_level
        ORDER BY file_id, line_number, transaction_id, level, direct DESC
        """;

    // The pairs that are each other's best among what is still open; a round takes them all.
    private const string TakeBestPairsSql =
        $"""
        WITH open AS (
            SELECT c.* FROM candidates c
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = c.file_id AND o.line_number = c.line_number)
              AND NOT EXISTS (SELECT 1 FROM recon.leg_settlements s WHERE s.leg_sequence = c.leg_sequence AND s.record_type = c.record_type)
        ), ranked AS (
            SELECT o.*,
                   row_number() OVER (PARTITION BY file_id, line_number ORDER BY score_direct, score_difference, score_distance, transaction_id) AS line_rank,
                   row_number() OVER (PARTITION BY transaction_id, record_type ORDER BY score_direct, score_difference, score_distance, file_id, line_number) AS leg_rank
            FROM open o
        ), decided AS (
            SELECT * FROM ranked WHERE line_rank = 1 AND leg_rank = 1
        )
        {RecordDecidedSql}
        """;

    // A line whose key found legs that other lines settled first.
    private const string DuplicatesSql =
        $"""
        WITH inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, leg_sequence, payment_id, explanation, decided_at,
                                             settlement_date)
            SELECT DISTINCT ON (c.file_id, c.line_number) c.file_id, c.line_number, c.record_type, 'duplicate', c.matched_by, c.transaction_id, c.leg_sequence, c.payment_id,
                   format('duplicate: %s %s was already settled by line %s of file %s', c.transaction_type, c.transaction_id, acquirer.line_label(s.line_number), s.file_id),
                   @now, c.settlement_date
            FROM candidates c
            JOIN recon.leg_settlements s ON s.leg_sequence = c.leg_sequence AND s.record_type = c.record_type
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = c.file_id AND o.line_number = c.line_number)
            ORDER BY c.file_id, c.line_number, c.score_direct, c.score_difference, c.transaction_id
            {InsertedColumns}
        )
        {NoteAndCountSql}
        """;

    private const string UnmatchedSql =
        $"""
        WITH inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at, settlement_date)
            SELECT p.file_id, p.line_number, p.record_type, 'unmatched',
                   format('unmatched: no %s transaction has %s, nor %s on card ending %s within %s days before %s',
                          lower(p.record_type),
                          concat_ws(', ', 'payment id ' || p.payment_id, 'merchant reference ' || p.merchant_transaction_id, 'ARN ' || p.arn),
                          recon.amount_text(p.gross_minor, p.transaction_currency), coalesce(p.card_last4, '(none given)'), @window, p.settlement_date),
                   @now, p.settlement_date
            FROM undecided p
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = p.file_id AND o.line_number = p.line_number)
            {InsertedColumns}
        )
        {NoteAndCountSql}
        """;

    // One exception per line that needs a person (once per problem), with the line's explanation. Each line is
    // looked up by its key: they are a few among the run's outcomes, which a join would hash whole (LIMIT 1 keeps
    // the planner from flattening the lookup into that join; a key finds one row).
    private const string RaiseExceptionsSql =
        """
        INSERT INTO recon.exceptions (kind, subject, file_id, line_number, transaction_id, summary, raised_at)
        SELECT CASE o.outcome WHEN 'unmatched' THEN 'unmatched_line' WHEN 'duplicate' THEN 'duplicate_line' ELSE o.outcome END,
               format('line %s:%s', o.file_id, acquirer.line_label(o.line_number)), o.file_id, o.line_number, o.transaction_id,
               format('%s line %s of file %s (%s): %s', lower(l.record_type), l.line_id, o.file_id, l.settlement_date, o.explanation), @now
        FROM to_raise r
        CROSS JOIN LATERAL (
            SELECT e.* FROM recon.explained_line_outcomes e WHERE e.file_id = r.file_id AND e.line_number = r.line_number LIMIT 1
        ) o
        CROSS JOIN LATERAL (
            SELECT s.record_type, s.line_id, s.settlement_date FROM acquirer.settlement_lines s WHERE s.file_id = r.file_id AND s.line_number = r.line_number LIMIT 1
        ) l
        ON CONFLICT (kind, subject) DO NOTHING
        """;

    // A line that matched later resolves its unmatched_line exception by the rule, saying so. Legs missing their
    // settlement are aged by MissingSettlementAging, in the same run.
    // Open cases are few: each looks its line's outcome up by key (LIMIT 1 keeps the planner from turning the
    // lookup into a join that hashes every outcome), and the cases to resolve are updated by their ids (the
    // array makes it an index scan; a join with the settled ones would read every case).
    private const string ResolveMatchedLaterSql =
        $"""
        WITH settled AS MATERIALIZED (
            SELECT c.exception_id, o.explanation
            FROM recon.exceptions c
            CROSS JOIN LATERAL (
                SELECT x.explanation FROM recon.explained_line_outcomes x
                WHERE x.file_id = c.file_id AND x.line_number = c.line_number AND x.outcome IN {Settles}
                LIMIT 1
            ) o
            WHERE c.kind = 'unmatched_line' AND c.status = 'open'
        )
        UPDATE recon.exceptions e
        SET status = 'resolved', resolved_at = @now, resolved_by = 'rule:matching', note = 'matched later: ' || s.explanation
        FROM settled s
        WHERE e.exception_id = ANY (ARRAY(SELECT exception_id FROM settled)) AND e.exception_id = s.exception_id
        """;

    internal static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction)
        {
            // A night's statement over millions of lines may take longer than the connection's default 30 s; a
            // run that fails on it would only start again from the beginning.
            CommandTimeout = BatchStatementTimeoutSeconds,
        };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    // Runs a statement whose rows are (outcome, count) and adds them to what the run decided; returns their sum.
    private static async Task<long> RecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        Dictionary<LineOutcome, long> decided,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var code = reader.GetString(0);
            var outcome = Enum.GetValues<LineOutcome>().Single(candidate => candidate.ToCode() == code);
            var count = reader.GetInt64(1);
            decided[outcome] = decided.GetValueOrDefault(outcome) + count;
            total += count;
        }

        return total;
    }

    [LoggerMessage(EventId = LogEvents.Matching.Decided, Level = LogLevel.Information, Message = "Reconciliation decided {Run}")]
    private static partial void LogRun(ILogger logger, MatchRun run);

    [LoggerMessage(EventId = LogEvents.Matching.Step, Level = LogLevel.Debug, Message = "Reconciliation step {Step} took {ElapsedMs} ms")]
    private static partial void LogStep(ILogger logger, string step, long elapsedMs);

    [LoggerMessage(EventId = LogEvents.Matching.ContestedLegs, Level = LogLevel.Information, Message = "Some lines name a leg another line names or that is settled already: direct matches decided with both checks")]
    private static partial void LogContestedLegs(ILogger logger);
}
