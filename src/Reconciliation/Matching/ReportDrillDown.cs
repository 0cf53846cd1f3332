using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// What the report's page shows beside the report itself: the outcomes per settlement date over a span (for its
/// chart), and the lines of one date with their outcome and payment, so a person goes from a line to its payment.
/// </summary>
public sealed class ReportDrillDown(NpgsqlDataSource dataSource)
{
    /// <summary>Lines per settlement date and outcome, for the dates from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<DailyOutcome>> DailyOutcomesAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT l.settlement_date, o.outcome, count(*)
            FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number)
            WHERE l.settlement_date BETWEEN @from AND @to
            GROUP BY 1, 2
            ORDER BY 1, 2
            """);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var days = new List<DailyOutcome>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new DailyOutcome(reader.GetFieldValue<LocalDate>(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return days;
    }

    /// <summary>
    /// The lines of one settlement date (of one outcome, or all), in file order, at most <paramref name="limit"/>,
    /// starting after the line <paramref name="after"/> names: a page is found by its key, so the thousandth page
    /// costs what the first does.
    /// </summary>
    public async Task<IReadOnlyList<ReportLine>> LinesAsync(
        LocalDate date, string? outcome, long? fileId, LineKey? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT l.file_id, f.original_name, l.line_number, l.line_id, l.record_type, l.gross_minor, l.transaction_currency, o.outcome, o.explanation,
                   coalesce(o.payment_id, (SELECT t.payment_id FROM ledger.transactions t WHERE t.transaction_id = l.payment_id))
            FROM acquirer.settlement_lines l
            JOIN intake.files f USING (file_id)
            LEFT JOIN recon.explained_line_outcomes o USING (file_id, line_number)
            WHERE l.settlement_date = @date AND (@outcome::text IS NULL OR o.outcome = @outcome) AND (@file::bigint IS NULL OR l.file_id = @file)
              AND (l.file_id, l.line_number) > (@after_file, @after_line)
            ORDER BY l.file_id, l.line_number
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("date", date);
        command.Parameters.AddWithValue("outcome", NpgsqlTypes.NpgsqlDbType.Text, (object?)outcome ?? DBNull.Value);
        command.Parameters.AddWithValue("file", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)fileId ?? DBNull.Value);
        command.Parameters.AddWithValue("after_file", after?.FileId ?? long.MinValue);
        command.Parameters.AddWithValue("after_line", after?.LineNumber ?? long.MinValue);
        command.Parameters.AddWithValue("limit", limit);
        var lines = new List<ReportLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new ReportLine(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                Currency.TryFind(reader.GetString(6).Trim(), out var currency) ? new Money(reader.GetInt64(5), currency) : null,
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return lines;
    }
}

/// <summary>How many lines of one settlement date had one outcome.</summary>
public sealed record DailyOutcome(LocalDate SettlementDate, string Outcome, long Count);

/// <summary>Where a settlement line is: its file and its line number there.</summary>
public readonly record struct LineKey(long FileId, long LineNumber);

/// <summary>One settlement line as the report's page lists it.</summary>
public sealed record ReportLine(long FileId, string FileName, long LineNumber, string LineId, string RecordType, Money? Gross, string? Outcome, string? Explanation, string? PaymentId);
