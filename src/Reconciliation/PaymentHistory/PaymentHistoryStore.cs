using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.PaymentHistory;

/// <summary>
/// Reads what the other capabilities keep about one payment, for a person asking "what happened to it?": the file
/// lines that settled or disputed it and an operator's hold; and finds payments by what people quote — a payment or
/// leg id, a merchant reference, an ARN, a dispute id, or a card's last four digits with an amount.
/// </summary>
public sealed partial class PaymentHistoryStore(NpgsqlDataSource dataSource)
{
    private const int MaxHits = 50;

    /// <summary>The settlement lines about the payment (by its legs' ids, or matched to it), in file order.</summary>
    public async Task<IReadOnlyList<SettlementLineRecord>> SettlementLinesAsync(string paymentId, IReadOnlyCollection<string> legIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT l.file_id, f.original_name, l.line_number, l.record_type, l.settlement_date, l.gross_minor, l.transaction_currency,
                   o.outcome, o.explanation, o.decided_at, coalesce(f.finished_at, f.claimed_at)
            FROM acquirer.settlement_lines l
            JOIN intake.files f USING (file_id)
            LEFT JOIN recon.explained_line_outcomes o USING (file_id, line_number)
            WHERE l.payment_id = ANY(@legs) OR o.payment_id = @payment OR o.transaction_id = ANY(@legs)
            ORDER BY l.file_id, l.line_number
            """);
        command.Parameters.AddWithValue("payment", paymentId);
        command.Parameters.AddWithValue("legs", legIds.ToArray());
        var lines = new List<SettlementLineRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new SettlementLineRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetFieldValue<LocalDate>(4),
                MoneyOf(reader.GetInt64(5), reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9),
                reader.GetFieldValue<Instant>(10)));
        }

        return lines;
    }

    /// <summary>The dispute events about the payment (by its legs' ids or its ARN), oldest first.</summary>
    public async Task<IReadOnlyList<DisputeEventRecord>> DisputeEventsAsync(IReadOnlyCollection<string> legIds, string? arn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.file_id, f.original_name, d.line_number, d.dispute_id, d.event, d.event_date, d.amount_minor, d.currency,
                   d.reason_code, d.reason_text, d.reply_by, coalesce(f.finished_at, f.claimed_at)
            FROM acquirer.dispute_events d JOIN intake.files f USING (file_id)
            WHERE d.payment_id = ANY(@legs) OR (@arn::text IS NOT NULL AND d.arn = @arn)
            ORDER BY d.event_date, d.file_id, d.line_number
            """);
        command.Parameters.AddWithValue("legs", legIds.ToArray());
        command.Parameters.AddWithValue("arn", NpgsqlTypes.NpgsqlDbType.Text, (object?)arn ?? DBNull.Value);
        var events = new List<DisputeEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DisputeEventRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<LocalDate>(5),
                reader.IsDBNull(6) || reader.IsDBNull(7) ? null : MoneyOf(reader.GetInt64(6), reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<LocalDate>(10),
                reader.GetFieldValue<Instant>(11)));
        }

        return events;
    }

    /// <summary>The operator's hold on the payment, if there is one.</summary>
    public async Task<PaymentHold?> HoldAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT note, held_by, held_at FROM ledger.payment_holds WHERE payment_id = @id");
        command.Parameters.AddWithValue("id", paymentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new PaymentHold(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<Instant>(2)) : null;
    }

    /// <summary>
    /// Payments matching what a person typed: an id of the payment or any of its legs, a merchant reference, an ARN
    /// (on the payment or on a line about it), a dispute id, or "4242 12.00" (last four digits, then the amount in
    /// major units). At most fifty, newest first.
    /// </summary>
    public async Task<IReadOnlyList<PaymentHit>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var text = query?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return [];
        }

        var card = CardAndAmount().Match(text);
        await using var command = dataSource.CreateCommand(
            $"""
            WITH found (payment_id, found_by) AS (
                SELECT payment_id, 'payment id' FROM ledger.transactions WHERE transaction_id = @q
                UNION ALL SELECT payment_id, 'merchant reference' FROM ledger.payments WHERE merchant_transaction_id = @q
                UNION ALL SELECT payment_id, 'merchant reference' FROM ledger.transactions WHERE merchant_transaction_id = @q
                UNION ALL SELECT payment_id, 'ARN' FROM ledger.payments WHERE arn = @q
                UNION ALL SELECT o.payment_id, 'ARN on a settlement line' FROM acquirer.settlement_lines l
                    JOIN recon.line_outcomes o USING (file_id, line_number) WHERE l.arn = @q AND o.payment_id IS NOT NULL
                UNION ALL SELECT t.payment_id, 'dispute ' || d.dispute_id FROM acquirer.dispute_events d
                    JOIN ledger.transactions t ON t.transaction_id = d.payment_id WHERE d.dispute_id = @q
                UNION ALL SELECT p.payment_id, 'dispute ' || d.dispute_id FROM acquirer.dispute_events d
                    JOIN ledger.payments p ON p.arn = d.arn WHERE d.dispute_id = @q
                UNION ALL SELECT payment_id, 'card ' || card_last4 || ' and amount' FROM ledger.payments
                    WHERE @last4::text IS NOT NULL AND card_last4 = @last4
                      AND amount_minor::numeric / power(10::numeric, recon.currency_exponent(currency)) = @amount
                      AND (@currency::text IS NULL OR currency = @currency)
            )
            SELECT DISTINCT ON (p.payment_id) p.payment_id, p.payment_type, p.amount_minor, p.currency, p.merchant_transaction_id, p.card_last4, p.processed_at, f.found_by
            FROM found f JOIN ledger.payments p USING (payment_id)
            ORDER BY p.payment_id, f.found_by
            LIMIT {MaxHits}
            """);
        command.Parameters.AddWithValue("q", text);
        command.Parameters.AddWithValue("last4", NpgsqlTypes.NpgsqlDbType.Text, card.Success ? card.Groups["last4"].Value : DBNull.Value);
        command.Parameters.AddWithValue("amount", NpgsqlTypes.NpgsqlDbType.Numeric, card.Success ? decimal.Parse(card.Groups["amount"].Value, CultureInfo.InvariantCulture) : DBNull.Value);
        command.Parameters.AddWithValue("currency", NpgsqlTypes.NpgsqlDbType.Text, card.Success && card.Groups["currency"].Success ? card.Groups["currency"].Value.ToUpperInvariant() : DBNull.Value);
        var hits = new List<PaymentHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new PaymentHit(
                reader.GetString(0),
                reader.GetString(1),
                MoneyOf(reader.GetInt64(2), reader.GetString(3)) ?? throw new InvalidOperationException($"payment {reader.GetString(0)} has an unknown currency"),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<Instant>(6),
                reader.GetString(7)));
        }

        return [.. hits.OrderByDescending(hit => hit.ProcessedAt)];
    }

    private static Money? MoneyOf(long minor, string currency) => Currency.TryFind(currency.Trim(), out var known) ? new Money(minor, known) : null;

    // "4242 12.00", "4242 12.00 EUR", "*4242 12", "4242/12.00".
    [GeneratedRegex(@"^\*?(?<last4>[0-9]{4})\s*[ /,;]\s*(?<amount>[0-9]+(\.[0-9]+)?)(\s*(?<currency>[A-Za-z]{3}))?$")]
    private static partial Regex CardAndAmount();
}
