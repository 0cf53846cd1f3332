using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// Reads the reconciliation report from the outcomes: a handful of aggregate queries. Legs that should settle
/// (successful DB, CP, RB, RF, CB, CR) are settled when a line settles them, awaiting while younger than the
/// expected settlement lag, missing after.
/// </summary>
public sealed class ReconciliationReporter(NpgsqlDataSource dataSource, MatchingOptions options, IClock clock)
{
    /// <summary>The newest settlement date any ingested line carries; null before the first settlement file.</summary>
    public async Task<LocalDate?> LatestSettlementDateAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT max(settlement_date) FROM acquirer.settlement_lines");
        return await command.ExecuteScalarAsync(cancellationToken) is LocalDate latest ? latest : null;
    }

    public async Task<ReconciliationReport> ReportAsync(LocalDate? settlementDate, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var lines = await TotalsAsync(
            connection,
            """
            SELECT o.outcome, l.transaction_currency, count(*), sum(l.gross_minor)
            FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number)
            WHERE @date::date IS NULL OR l.settlement_date = @date
            GROUP BY o.outcome, l.transaction_currency
            UNION ALL
            -- Lines repeated in a later file are counted at intake and stored once: they are duplicates too.
            SELECT 'duplicate', NULL, coalesce(sum(f.lines_duplicate), 0), NULL
            FROM intake.files f
            WHERE f.kind = 'settlement' AND f.lines_duplicate > 0
              AND (@date::date IS NULL OR EXISTS (SELECT 1 FROM acquirer.settlement_lines l WHERE l.file_id = f.file_id AND l.settlement_date = @date))
            ORDER BY 1, 2
            """,
            settlementDate,
            now,
            cancellationToken);

        var legs = await TotalsAsync(
            connection,
            $"""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM recon.leg_settlements s WHERE s.leg_sequence = t.sequence) THEN 'settled'
                        WHEN t.processed_at > @now - @lag THEN 'awaiting'
                        ELSE 'missing' END AS status,
                   t.currency, count(*), sum(t.amount_minor)
            FROM ledger.transactions t JOIN ledger.payments p USING (payment_id)
            WHERE p.succeeded AND t.transaction_type IN ('DB', 'CP', 'RB', 'RF', 'CB', 'CR')
              AND (@date::date IS NULL OR (t.processed_at AT TIME ZONE 'UTC')::date <= @date)
            GROUP BY 1, 2
            ORDER BY 1, 2
            """,
            settlementDate,
            now,
            cancellationToken,
            ("lag", options.ExpectedSettlementLag));

        var payouts = new List<PayoutCheck>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT l.settlement_date, coalesce(l.settlement_currency, l.transaction_currency) AS currency,
                   sum(CASE WHEN l.record_type = 'FEE' THEN l.gross_minor ELSE coalesce(l.fee_minor, 0) END) AS fees,
                   sum(CASE l.record_type
                           WHEN 'SETTLED' THEN 1 WHEN 'CHARGEBACK_REVERSED' THEN 1 WHEN 'ADJUSTMENT' THEN 1
                           WHEN 'REFUNDED' THEN -1 WHEN 'CHARGEBACK' THEN -1 WHEN 'FEE' THEN -1 ELSE 0 END
                       * CASE WHEN l.record_type IN ('FEE', 'ADJUSTMENT') THEN l.gross_minor
                              ELSE coalesce(l.net_minor, l.gross_minor - coalesce(l.fee_minor, 0)) END) AS expected,
                   sum(CASE WHEN l.record_type = 'PAYOUT' THEN l.gross_minor ELSE 0 END) AS paid
            FROM acquirer.settlement_lines l
            WHERE @date::date IS NULL OR l.settlement_date = @date
            GROUP BY 1, 2
            ORDER BY 1, 2
            """,
            connection,
            snapshot))
        {
            command.Parameters.AddWithValue("date", NpgsqlTypes.NpgsqlDbType.Date, (object?)settlementDate ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var currency = reader.GetString(1);
                payouts.Add(new PayoutCheck(
                    reader.GetFieldValue<LocalDate>(0),
                    currency,
                    Major(reader.GetInt64(2), currency),
                    Major(reader.GetInt64(3), currency),
                    Major(reader.GetInt64(4), currency)));
            }
        }

        var files = new List<FileTotal>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT f.file_id, f.original_name, o.outcome, count(*)
            FROM recon.line_outcomes o
            JOIN acquirer.settlement_lines l USING (file_id, line_number)
            JOIN intake.files f ON f.file_id = o.file_id
            WHERE @date::date IS NULL OR l.settlement_date = @date
            GROUP BY 1, 2, 3
            ORDER BY 1, 3
            """,
            connection,
            snapshot))
        {
            command.Parameters.AddWithValue("date", NpgsqlTypes.NpgsqlDbType.Date, (object?)settlementDate ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                files.Add(new FileTotal(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }
        }

        return new ReconciliationReport(settlementDate, now, lines, legs, payouts, files);
    }

    private static async Task<List<OutcomeTotal>> TotalsAsync(
        NpgsqlConnection connection, string sql, LocalDate? date, Instant now, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("date", NpgsqlTypes.NpgsqlDbType.Date, (object?)date ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var totals = new List<OutcomeTotal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(2);
            if (count == 0)
            {
                continue;
            }

            var currency = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
            totals.Add(new OutcomeTotal(reader.GetString(0), currency, count, reader.IsDBNull(3) ? 0 : Major(reader.GetFieldValue<decimal>(3), currency)));
        }

        return totals;
    }

    private static decimal Major(decimal minor, string currency) =>
        Currency.TryFind(currency, out var known) ? minor / Pow10(known.Exponent) : minor;

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
