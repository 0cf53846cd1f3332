using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Monetary;

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
    // One matcher at a time across worker instances: "settlement matching".
    internal const long MatchingLockKey = 0x5e771e_3a7c;
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

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MatchingLockKey));
        await ExecuteAsync(connection, transaction, "SELECT set_config('work_mem', @work_mem, true)", cancellationToken, ("work_mem", WorkMem));
        // Each statement runs once over a million rows: JIT compiled it anew every run for 1.3 s, more than it saved.
        await ExecuteAsync(connection, transaction, "SET LOCAL jit = off", cancellationToken);
        await LoadExponentsAsync(connection, transaction, cancellationToken);

        // The lines of files not taken yet, and the unmatched ones: their transaction may have arrived since.
        await ExecuteAsync(connection, transaction, TakePendingSql, cancellationToken, ("now", now));

        var decided = new Dictionary<LineOutcome, long>();
        await RecordAsync(connection, transaction, BatchLinesSql, decided, cancellationToken, ("now", now));
        await DecideDirectMatchesAsync(connection, transaction, now, decided, cancellationToken);
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
        await ExecuteAsync(connection, transaction, ResolveMatchedLaterSql, cancellationToken, ("now", now));
        await MissingSettlementAging.AgeAsync(connection, transaction, options, now, "rule:matching", cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        var run = new MatchRun(decided);
        LogRun(logger, run);
        return run;
    }

    // Most lines name their leg by the leg's own id, and no other line names the same leg, and the leg is not
    // settled yet. Both exceptions are what line_outcomes_one_settlement_per_leg forbids, so the pass first
    // assumes neither and lets the index check it as it inserts; only when it refuses does the pass run again
    // with both checks spelled out (a window count and a probe per line), which cost seconds per million lines.
    private async Task DecideDirectMatchesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, Dictionary<LineOutcome, long> decided, CancellationToken cancellationToken)
    {
        const string savepoint = "direct_matches";
        await transaction.SaveAsync(savepoint, cancellationToken);
        var optimistic = new Dictionary<LineOutcome, long>();
        try
        {
            await RecordAsync(connection, transaction, DirectMatchesSql, optimistic, cancellationToken, DecisionParameters(now));
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            await ExecuteAsync(connection, transaction, UndecidedAfterDirectSql, cancellationToken);
            foreach (var (outcome, count) in optimistic)
            {
                decided[outcome] = decided.GetValueOrDefault(outcome) + count;
            }
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation && conflict.ConstraintName == OneSettlementPerLeg)
        {
            await transaction.RollbackAsync(savepoint, cancellationToken);
            LogContestedLegs(logger);
            await RecordAsync(connection, transaction, ContestedDirectMatchesSql, decided, cancellationToken, DecisionParameters(now));
            await ExecuteAsync(connection, transaction, UndecidedAfterContestedSql, cancellationToken);
        }
    }

    private (string Name, object Value)[] DecisionParameters(Instant now) =>
        [("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("fx", options.FxNetToleranceMinor), ("now", now)];

    private const string OneSettlementPerLeg = "line_outcomes_one_settlement_per_leg";

    // The columns a run needs of each pending line, and the leg the line names by the leg's own id when that leg
    // is one its record type settles (a successful payment's): the direct match, found in the same pass.
    private const string PendingColumnsSql =
        """
        SELECT l.file_id, l.line_number, l.line_id, l.record_type, l.payment_id, l.merchant_transaction_id, l.arn, l.gross_minor,
               l.transaction_currency, l.settlement_currency, l.exchange_rate, l.fee_minor, l.net_minor, l.settlement_date, l.card_last4, l.batch_id,
               d.transaction_id AS direct_transaction_id, d.payment_id AS direct_payment_id, d.transaction_type AS direct_transaction_type,
               d.amount_minor AS direct_amount_minor, d.currency AS direct_currency
        FROM lines l
        LEFT JOIN (ledger.transactions d
                   JOIN ledger.payments dp ON dp.payment_id = d.payment_id AND dp.succeeded
                   JOIN recon.record_type_legs dr ON dr.transaction_type = d.transaction_type)
          ON d.transaction_id = l.payment_id AND dr.record_type = l.record_type
        """;

    // A file is taken once, in the run's transaction, so a run reads the night's lines and the few still
    // unmatched, never the history. A processed file's lines were committed with its status (one transaction).
    private const string TakePendingSql =
        $"""
        CREATE TEMP TABLE pending ON COMMIT DROP AS
        WITH lines AS (SELECT * FROM acquirer.settlement_lines)
        {PendingColumnsSql}
        WITH NO DATA;

        WITH taken AS (
            INSERT INTO recon.matched_files (file_id, matched_at)
            SELECT f.file_id, @now FROM intake.files f
            WHERE f.status = 'processed' AND f.kind = 'settlement'
              AND NOT EXISTS (SELECT 1 FROM recon.matched_files m WHERE m.file_id = f.file_id)
            RETURNING file_id
        ), redecided AS (
            DELETE FROM recon.line_outcomes WHERE outcome = 'unmatched' RETURNING file_id, line_number
        ), lines AS (
            SELECT l.* FROM acquirer.settlement_lines l WHERE l.file_id IN (SELECT file_id FROM taken)
            UNION ALL
            SELECT l.* FROM acquirer.settlement_lines l JOIN redecided r USING (file_id, line_number)
        )
        INSERT INTO pending
        {PendingColumnsSql};

        -- A temp table has no statistics until analyzed: the planner would guess its size.
        ANALYZE pending;
        """;

    // Counts what an "inserted" CTE (rows of recon.line_outcomes just written, RETURNING file_id, line_number,
    // outcome, transaction_id, explanation) decided, and raises an exception for each line that needs a person
    // (once per problem).
    private const string RaiseAndCountSql =
        """
        , raised AS (
            INSERT INTO recon.exceptions (kind, subject, file_id, line_number, transaction_id, summary, raised_at)
            SELECT CASE i.outcome WHEN 'unmatched' THEN 'unmatched_line' WHEN 'duplicate' THEN 'duplicate_line' ELSE i.outcome END,
                   format('line %s:%s', i.file_id, i.line_number), i.file_id, i.line_number, i.transaction_id,
                   format('%s line %s of file %s (%s): %s', lower(p.record_type), p.line_id, i.file_id, p.settlement_date, i.explanation), @now
            FROM inserted i JOIN pending p USING (file_id, line_number)
            WHERE i.outcome IN ('unmatched', 'duplicate', 'amount_mismatch', 'currency_mismatch')
            ON CONFLICT (kind, subject) DO NOTHING
        )
        SELECT outcome, count(*) FROM inserted GROUP BY outcome
        """;

    private const string InsertedColumns = "RETURNING file_id, line_number, outcome, transaction_id, explanation";

    private const string BatchLinesSql =
        $"""
        WITH inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at)
            SELECT file_id, line_number, record_type, 'batch',
                   format('%s line of batch %s: %s', lower(record_type), batch_id, recon_amount(gross_minor, transaction_currency)), @now
            FROM pending WHERE record_type IN {BatchRecordTypes}
            {InsertedColumns}
        )
        {RaiseAndCountSql}
        """;

    // Records decided pairs: each row of "decided" is a line and the leg it settles, by key "matched_by". The
    // outcome follows from the amounts and currencies, and for a line that gives its net, from net = gross ×
    // rate − fee (rate 1 and the same currency when not given) within the FX tolerance; the explanation says so.
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
                       round(gross_minor::numeric / power(10::numeric, pg_temp.recon_exponent(line_currency)) * coalesce(exchange_rate, 1)
                             * power(10::numeric, pg_temp.recon_exponent(coalesce(settlement_currency, line_currency))))::bigint - coalesce(fee_minor, 0)
                   END AS expected_net
            FROM decided d
        ), checked AS (
            SELECT c.*, coalesce(amount_outcome IN ('matched', 'matched_within_tolerance') AND abs(expected_net - net_minor) > @fx, false) AS net_fails
            FROM classified c
        ), inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id,
                                             expected_minor, expected_currency, difference_minor, explanation, decided_at)
            SELECT file_id, line_number, record_type, CASE WHEN net_fails THEN 'amount_mismatch' ELSE amount_outcome END,
                   matched_by, transaction_id, payment_id, amount_minor, currency,
                   CASE WHEN currency = line_currency THEN gross_minor - amount_minor END,
                   CASE amount_outcome
                       WHEN 'currency_mismatch' THEN format('%s by %s: line in %s, but %s %s is %s', amount_outcome, matched_by, line_currency, transaction_type, transaction_id, recon_amount(amount_minor, currency))
                       WHEN 'matched' THEN format('matched by %s to %s %s: %s', matched_by, transaction_type, transaction_id, recon_amount(amount_minor, currency))
                       ELSE format('%s by %s: line %s, %s %s is %s (difference %s)', amount_outcome, matched_by, recon_amount(gross_minor, line_currency),
                                   transaction_type, transaction_id, recon_amount(amount_minor, currency), recon_amount(gross_minor - amount_minor, currency))
                   END
                   || CASE WHEN net_fails THEN format('; but net does not add up: %s × %s − %s = %s expected, line says %s',
                          recon_amount(gross_minor, line_currency), rate, recon_amount(coalesce(fee_minor, 0), net_currency),
                          recon_amount(expected_net, net_currency), recon_amount(net_minor, net_currency)) ELSE '' END,
                   @now
            FROM checked
            {InsertedColumns}
        )
        {RaiseAndCountSql}
        """;

    private const string DirectColumns =
        """
        file_id, line_number, record_type, 'payment_id' AS matched_by, gross_minor, transaction_currency AS line_currency,
        settlement_currency, exchange_rate, fee_minor, net_minor, direct_transaction_id AS transaction_id, direct_payment_id AS payment_id,
        direct_transaction_type AS transaction_type, direct_amount_minor AS amount_minor, direct_currency AS currency
        """;

    // The common case in one pass: a line that names a leg by the leg's own id. The rounds below would give it
    // that leg anyway (a direct id is the best score for the line and for the leg) when no other undecided line
    // names it and it is not settled yet; line_outcomes_one_settlement_per_leg refuses the insert otherwise.
    private const string DirectMatchesSql =
        $"""
        WITH decided AS (
            SELECT {DirectColumns} FROM pending WHERE direct_transaction_id IS NOT NULL
        )
        {RecordDecidedSql}
        """;

    private const string UndecidedAfterDirectSql =
        $"""
        CREATE TEMP TABLE undecided ON COMMIT DROP AS
        SELECT p.* FROM pending p WHERE p.direct_transaction_id IS NULL AND p.record_type NOT IN {BatchRecordTypes};
        ANALYZE undecided;
        """;

    // The same pass when some leg is contested: only a line that is alone in naming its leg, and only when the
    // leg is not settled yet; the others compete in the rounds.
    private const string ContestedDirectMatchesSql =
        $"""
        WITH direct AS (
            SELECT {DirectColumns}, count(*) OVER (PARTITION BY direct_transaction_id, record_type) AS namers
            FROM pending WHERE direct_transaction_id IS NOT NULL
        ), decided AS (
            SELECT d.* FROM direct d
            WHERE namers = 1
              AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.transaction_id = d.transaction_id AND o.record_type = d.record_type AND o.outcome IN {Settles})
        )
        {RecordDecidedSql}
        """;

    private const string UndecidedAfterContestedSql =
        $"""
        CREATE TEMP TABLE undecided ON COMMIT DROP AS
        SELECT p.* FROM pending p
        WHERE p.record_type NOT IN {BatchRecordTypes}
          AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = p.file_id AND o.line_number = p.line_number);
        ANALYZE undecided;
        """;

    // Every candidate leg of every pending line, at every key level; a line then keeps its lowest level only.
    private const string CandidatesSql =
        """
        CREATE TEMP TABLE candidates ON COMMIT DROP AS
        WITH legs AS (
            SELECT t.transaction_id, t.payment_id, t.transaction_type, t.amount_minor, t.currency, t.processed_at,
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
            FROM undecided l JOIN legs g
              ON g.currency = l.transaction_currency AND g.card_last4 = l.card_last4
             AND g.processed_at >= (l.settlement_date - @window)::timestamp AT TIME ZONE 'UTC'
             AND g.processed_at < (l.settlement_date + 1)::timestamp AT TIME ZONE 'UTC'
             AND abs(g.amount_minor - l.gross_minor) <= greatest(@abs, floor(g.amount_minor * @pct))
        ), typed AS (
            SELECT k.*, l.record_type, l.gross_minor, l.transaction_currency AS line_currency, l.settlement_date,
                   l.settlement_currency, l.exchange_rate, l.fee_minor, l.net_minor,
                   min(k.level) OVER (PARTITION BY k.file_id, k.line_number) AS best_level
            FROM keyed k
            JOIN undecided l USING (file_id, line_number)
            JOIN recon.record_type_legs r ON r.record_type = l.record_type AND r.transaction_type = k.transaction_type
        )
        SELECT DISTINCT ON (file_id, line_number, transaction_id)
               file_id, line_number, level, matched_by, direct, transaction_id, payment_id, transaction_type, amount_minor, currency,
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
              AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.transaction_id = c.transaction_id AND o.record_type = c.record_type AND o.outcome IN {Settles})
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
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, explanation, decided_at)
            SELECT DISTINCT ON (c.file_id, c.line_number) c.file_id, c.line_number, c.record_type, 'duplicate', c.matched_by, c.transaction_id, c.payment_id,
                   format('duplicate: %s %s was already settled by line %s of file %s', c.transaction_type, c.transaction_id, s.line_number, s.file_id),
                   @now
            FROM candidates c
            JOIN recon.line_outcomes s ON s.transaction_id = c.transaction_id AND s.record_type = c.record_type AND s.outcome IN {Settles}
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = c.file_id AND o.line_number = c.line_number)
            ORDER BY c.file_id, c.line_number, c.score_direct, c.score_difference, c.transaction_id
            {InsertedColumns}
        )
        {RaiseAndCountSql}
        """;

    private const string UnmatchedSql =
        $"""
        WITH inserted AS (
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at)
            SELECT p.file_id, p.line_number, p.record_type, 'unmatched',
                   format('unmatched: no %s transaction has %s, nor %s on card ending %s within %s days before %s',
                          lower(p.record_type),
                          concat_ws(', ', 'payment id ' || p.payment_id, 'merchant reference ' || p.merchant_transaction_id, 'ARN ' || p.arn),
                          recon_amount(p.gross_minor, p.transaction_currency), coalesce(p.card_last4, '(none given)'), @window, p.settlement_date),
                   @now
            FROM undecided p
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = p.file_id AND o.line_number = p.line_number)
            {InsertedColumns}
        )
        {RaiseAndCountSql}
        """;

    // A line that matched later resolves its unmatched_line exception by the rule, saying so. Legs missing their
    // settlement are aged by MissingSettlementAging, in the same run.
    private const string ResolveMatchedLaterSql =
        $"""
        UPDATE recon.exceptions e
        SET status = 'resolved', resolved_at = @now, resolved_by = 'rule:matching', note = 'matched later: ' || o.explanation
        FROM recon.line_outcomes o
        WHERE e.kind = 'unmatched_line' AND e.status = 'open'
          AND o.file_id = e.file_id AND o.line_number = e.line_number AND o.outcome IN {Settles}
        """;

    internal static async Task LoadExponentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // recon_amount formats amounts in explanations, millions of times a run: a function made of one expression
        // (no table read) is inlined by PostgreSQL, where one that reads a table runs per call. The exponents come
        // from our ISO 4217 table; codes are three capital letters, safe as literals.
        var exponentOf = string.Concat(Currency.All.Where(currency => currency.Exponent != 2).Select(currency => $" WHEN '{currency.Code}' THEN {currency.Exponent}"));
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE FUNCTION recon_exponent(currency char(3)) RETURNS int LANGUAGE sql IMMUTABLE AS
            $$ SELECT CASE currency{exponentOf} ELSE 2 END $$;
            CREATE FUNCTION recon_amount(minor bigint, currency char(3)) RETURNS text LANGUAGE sql IMMUTABLE AS
            $$ SELECT round(minor::numeric / power(10::numeric, pg_temp.recon_exponent(currency)), pg_temp.recon_exponent(currency))::text || ' ' || currency $$;
            """,
            cancellationToken);
    }

    internal static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(
            sql.Replace("recon_amount(", "pg_temp.recon_amount(", StringComparison.Ordinal).Replace("FUNCTION recon_exponent(", "FUNCTION pg_temp.recon_exponent(", StringComparison.Ordinal),
            connection,
            transaction)
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

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Reconciliation decided {Run}")]
    private static partial void LogRun(ILogger logger, MatchRun run);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Some lines name a leg another line names or that is settled already: direct matches decided with both checks")]
    private static partial void LogContestedLegs(ILogger logger);
}
