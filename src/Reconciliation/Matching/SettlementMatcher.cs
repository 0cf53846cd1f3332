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

    internal const string Settles = "('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch')";

    public async Task<MatchRun> MatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MatchingLockKey));
        await LoadExponentsAsync(connection, transaction, cancellationToken);

        // Unmatched lines are decided again: their transaction may have arrived since.
        await ExecuteAsync(connection, transaction, "DELETE FROM recon.line_outcomes WHERE outcome = 'unmatched'", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TEMP TABLE pending ON COMMIT DROP AS
            SELECT l.file_id, l.line_number, l.record_type, l.payment_id, l.merchant_transaction_id, l.arn, l.gross_minor,
                   l.transaction_currency, l.settlement_date, l.card_last4, l.batch_id
            FROM acquirer.settlement_lines l
            WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = l.file_id AND o.line_number = l.line_number)
            """,
            cancellationToken);

        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at)
            SELECT file_id, line_number, record_type, 'batch',
                   format('%s line of batch %s: %s', lower(record_type), batch_id, recon_amount(gross_minor, transaction_currency)), @now
            FROM pending WHERE record_type IN ('FEE', 'PAYOUT', 'ADJUSTMENT')
            """,
            cancellationToken,
            ("now", now));

        await ExecuteAsync(connection, transaction, DirectMatchesSql, cancellationToken,
            ("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("now", now));
        await ExecuteAsync(connection, transaction, CandidatesSql, cancellationToken,
            ("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("window", options.FallbackWindow.Days));

        for (var round = 0; round < MaxRounds; round++)
        {
            var taken = await ExecuteAsync(connection, transaction, TakeBestPairsSql, cancellationToken,
                ("abs", options.AmountToleranceMinor), ("pct", options.AmountTolerancePercent), ("now", now));
            if (taken == 0)
            {
                break;
            }
        }

        await ExecuteAsync(connection, transaction, CheckNetSql, cancellationToken, ("fx", options.FxNetToleranceMinor));
        await ExecuteAsync(connection, transaction, DuplicatesSql, cancellationToken, ("now", now));
        await ExecuteAsync(connection, transaction, UnmatchedSql, cancellationToken, ("now", now), ("window", options.FallbackWindow.Days));
        await ExecuteAsync(connection, transaction, RaiseExceptionsSql, cancellationToken, ("now", now));
        await MissingSettlementAging.AgeAsync(connection, transaction, options, now, "rule:matching", cancellationToken);

        var decided = new Dictionary<LineOutcome, long>();
        await using (var count = new NpgsqlCommand(
            """
            SELECT o.outcome, count(*) FROM recon.line_outcomes o JOIN pending p USING (file_id, line_number) GROUP BY o.outcome
            """,
            connection,
            transaction))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                decided[Enum.GetValues<LineOutcome>().Single(outcome => outcome.ToCode() == reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var run = new MatchRun(decided);
        LogRun(logger, run);
        return run;
    }

    // Records decided pairs: each row of "decided" is a line and the leg it settles, by key "matched_by". The
    // outcome follows from the amounts and currencies, and the explanation says so in words.
    private const string InsertDecidedSql =
        """
        INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id,
                                         expected_minor, expected_currency, difference_minor, explanation, decided_at)
        SELECT file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, amount_minor, currency,
               CASE WHEN currency = line_currency THEN gross_minor - amount_minor END,
               CASE outcome
                   WHEN 'currency_mismatch' THEN format('%s by %s: line in %s, but %s %s is %s', outcome, matched_by, line_currency, transaction_type, transaction_id, recon_amount(amount_minor, currency))
                   WHEN 'matched' THEN format('matched by %s to %s %s: %s', matched_by, transaction_type, transaction_id, recon_amount(amount_minor, currency))
                   ELSE format('%s by %s: line %s, %s %s is %s (difference %s)', outcome, matched_by, recon_amount(gross_minor, line_currency),
                               transaction_type, transaction_id, recon_amount(amount_minor, currency), recon_amount(gross_minor - amount_minor, currency))
               END,
               @now
        FROM (
            SELECT d.*,
                   CASE WHEN currency <> line_currency THEN 'currency_mismatch'
                        WHEN gross_minor = amount_minor THEN 'matched'
                        WHEN abs(gross_minor - amount_minor) <= greatest(@abs, floor(amount_minor * @pct)) THEN 'matched_within_tolerance'
                        ELSE 'amount_mismatch' END AS outcome
            FROM decided d
        ) classified
        """;

    // The common case in one pass: a line that names a leg by the leg's own id, of a type its record type settles,
    // where no other undecided line names the same leg and the leg is not settled yet. The rounds below would
    // give it that leg anyway (a direct id is the best score for the line and for the leg); deciding it here
    // keeps millions of such lines out of the candidate table.
    private const string DirectMatchesSql =
        $"""
        WITH direct AS (
            SELECT l.file_id, l.line_number, l.record_type, 'payment_id' AS matched_by, l.gross_minor, l.transaction_currency AS line_currency,
                   t.transaction_id, t.payment_id, t.transaction_type, t.amount_minor, t.currency,
                   count(*) OVER (PARTITION BY t.transaction_id, l.record_type) AS namers
            FROM pending l
            JOIN ledger.transactions t ON t.transaction_id = l.payment_id
            JOIN ledger.payments p ON p.payment_id = t.payment_id AND p.succeeded
            JOIN recon.record_type_legs r ON r.record_type = l.record_type AND r.transaction_type = t.transaction_type
        ), decided AS (
            SELECT d.* FROM direct d
            WHERE namers = 1
              AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.transaction_id = d.transaction_id AND o.record_type = d.record_type AND o.outcome IN {Settles})
        )
        {InsertDecidedSql};

        CREATE TEMP TABLE undecided ON COMMIT DROP AS
        SELECT p.* FROM pending p
        WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = p.file_id AND o.line_number = p.line_number);
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
                   min(k.level) OVER (PARTITION BY k.file_id, k.line_number) AS best_level
            FROM keyed k
            JOIN undecided l USING (file_id, line_number)
            JOIN recon.record_type_legs r ON r.record_type = l.record_type AND r.transaction_type = k.transaction_type
        )
        SELECT DISTINCT ON (file_id, line_number, transaction_id)
               file_id, line_number, level, matched_by, direct, transaction_id, payment_id, transaction_type, amount_minor, currency,
               processed_at, record_type, gross_minor, line_currency, settlement_date,
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
        {InsertDecidedSql}
        """;

    // Net must equal gross × rate − fee (rate 1 and the same currency when not given), within the FX tolerance.
    private const string CheckNetSql =
        """
        WITH checked AS (
            SELECT o.file_id, o.line_number, l.net_minor, l.gross_minor, l.transaction_currency, l.fee_minor,
                   coalesce(l.settlement_currency, l.transaction_currency) AS settlement_currency, coalesce(l.exchange_rate, 1) AS rate,
                   round(l.gross_minor::numeric / power(10::numeric, tx.exponent) * coalesce(l.exchange_rate, 1) * power(10::numeric, st.exponent))::bigint
                       - coalesce(l.fee_minor, 0) AS expected_net
            FROM recon.line_outcomes o
            JOIN pending p USING (file_id, line_number)
            JOIN acquirer.settlement_lines l USING (file_id, line_number)
            JOIN recon_exponents tx ON tx.code = l.transaction_currency
            JOIN recon_exponents st ON st.code = coalesce(l.settlement_currency, l.transaction_currency)
            WHERE o.outcome IN ('matched', 'matched_within_tolerance') AND l.net_minor IS NOT NULL
        )
        UPDATE recon.line_outcomes o
        SET outcome = 'amount_mismatch',
            explanation = o.explanation || format('; but net does not add up: %s × %s − %s = %s expected, line says %s',
                recon_amount(c.gross_minor, c.transaction_currency), c.rate, recon_amount(coalesce(c.fee_minor, 0), c.settlement_currency),
                recon_amount(c.expected_net, c.settlement_currency), recon_amount(c.net_minor, c.settlement_currency))
        FROM checked c
        WHERE o.file_id = c.file_id AND o.line_number = c.line_number AND abs(c.expected_net - c.net_minor) > @fx
        """;

    // A line whose key found legs that other lines settled first.
    private const string DuplicatesSql =
        $"""
        INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, explanation, decided_at)
        SELECT DISTINCT ON (c.file_id, c.line_number) c.file_id, c.line_number, c.record_type, 'duplicate', c.matched_by, c.transaction_id, c.payment_id,
               format('duplicate: %s %s was already settled by line %s of file %s', c.transaction_type, c.transaction_id, s.line_number, s.file_id),
               @now
        FROM candidates c
        JOIN recon.line_outcomes s ON s.transaction_id = c.transaction_id AND s.record_type = c.record_type AND s.outcome IN {Settles}
        WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = c.file_id AND o.line_number = c.line_number)
        ORDER BY c.file_id, c.line_number, c.score_direct, c.score_difference, c.transaction_id
        """;

    private const string UnmatchedSql =
        """
        INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, explanation, decided_at)
        SELECT p.file_id, p.line_number, p.record_type, 'unmatched',
               format('unmatched: no %s transaction has %s, nor %s on card ending %s within %s days before %s',
                      lower(p.record_type),
                      concat_ws(', ', 'payment id ' || p.payment_id, 'merchant reference ' || p.merchant_transaction_id, 'ARN ' || p.arn),
                      recon_amount(p.gross_minor, p.transaction_currency), coalesce(p.card_last4, '(none given)'), @window, p.settlement_date),
               @now
        FROM pending p
        WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = p.file_id AND o.line_number = p.line_number)
        """;

    // Lines that need a person become exceptions (once per problem); a line that matched later is resolved by
    // the rule, saying so. Legs missing their settlement are aged by MissingSettlementAging, in the same run.
    private const string RaiseExceptionsSql =
        $"""
        INSERT INTO recon.exceptions (kind, subject, file_id, line_number, transaction_id, summary, raised_at)
        SELECT CASE o.outcome WHEN 'unmatched' THEN 'unmatched_line' WHEN 'duplicate' THEN 'duplicate_line' ELSE o.outcome END,
               format('line %s:%s', o.file_id, o.line_number), o.file_id, o.line_number, o.transaction_id,
               format('%s line %s of file %s (%s): %s', lower(l.record_type), l.line_id, o.file_id, l.settlement_date, o.explanation), @now
        FROM recon.line_outcomes o
        JOIN pending p USING (file_id, line_number)
        JOIN acquirer.settlement_lines l USING (file_id, line_number)
        WHERE o.outcome IN ('unmatched', 'duplicate', 'amount_mismatch', 'currency_mismatch')
        ON CONFLICT (kind, subject) DO NOTHING;

        UPDATE recon.exceptions e
        SET status = 'resolved', resolved_at = @now, resolved_by = 'rule:matching', note = 'matched later: ' || o.explanation
        FROM recon.line_outcomes o
        WHERE e.kind = 'unmatched_line' AND e.status = 'open'
          AND o.file_id = e.file_id AND o.line_number = e.line_number AND o.outcome IN {Settles};
        """;

    internal static async Task LoadExponentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var currencies = Currency.All.ToList();

        // recon_amount formats amounts in explanations, millions of times a run: a function made of one expression
        // (no table read) is inlined by PostgreSQL, where one that reads a table runs per call. The exponents come
        // from our ISO 4217 table; codes are three capital letters, safe as literals.
        var exponentOf = string.Concat(currencies.Where(currency => currency.Exponent != 2).Select(currency => $" WHEN '{currency.Code}' THEN {currency.Exponent}"));
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE TEMP TABLE recon_exponents ON COMMIT DROP AS
            SELECT code::char(3) AS code, exponent FROM unnest(@codes, @exponents) AS e(code, exponent);
            CREATE FUNCTION recon_exponent(currency char(3)) RETURNS int LANGUAGE sql IMMUTABLE AS
            $$ SELECT CASE currency{exponentOf} ELSE 2 END $$;
            CREATE FUNCTION recon_amount(minor bigint, currency char(3)) RETURNS text LANGUAGE sql IMMUTABLE AS
            $$ SELECT round(minor::numeric / power(10::numeric, pg_temp.recon_exponent(currency)), pg_temp.recon_exponent(currency))::text || ' ' || currency $$;
            """,
            cancellationToken,
            ("codes", currencies.Select(currency => currency.Code).ToArray()),
            ("exponents", currencies.Select(currency => currency.Exponent).ToArray()));
    }

    internal static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(
            sql.Replace("recon_amount(", "pg_temp.recon_amount(", StringComparison.Ordinal).Replace("FUNCTION recon_exponent(", "FUNCTION pg_temp.recon_exponent(", StringComparison.Ordinal),
            connection,
            transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Reconciliation decided {Run}")]
    private static partial void LogRun(ILogger logger, MatchRun run);
}
