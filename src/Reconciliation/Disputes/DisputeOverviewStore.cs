using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// Reads what the disputes overview shows: the dispute events of the acquirers' files, and the settled sales and
/// chargebacks per card brand per month. A card brand is the line's own (the settlement line's <c>card_brand</c>,
/// the dispute event's <c>scheme</c>), else the brand the ledger has for the payment the line settled or disputed.
/// </summary>
public sealed class DisputeOverviewStore(NpgsqlDataSource dataSource)
{
    // The payment of an event: the one its action recorded a leg on, else the one its payment id names (a payment or a leg).
    private const string EventPayment =
        """
        LEFT JOIN recon.dispute_actions a USING (file_id, line_number)
        LEFT JOIN ledger.transactions acted ON acted.transaction_id = a.transaction_id
        LEFT JOIN ledger.transactions named ON named.transaction_id = e.payment_id
        LEFT JOIN ledger.payments p ON p.payment_id = coalesce(acted.payment_id, named.payment_id, e.payment_id)
        """;

    /// <summary>Every dispute event, in the order it happened.</summary>
    public async Task<IReadOnlyList<DisputeEvent>> EventsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT e.source, e.dispute_id, e.event, e.event_date, e.amount_minor, e.currency, coalesce(nullif(trim(e.scheme), ''), p.card_brand),
                   coalesce(p.payment_id, e.payment_id), e.reason_code, e.reason_text, e.reply_by
            FROM acquirer.dispute_events e
            {EventPayment}
            ORDER BY e.event_date, e.file_id, e.line_number
            """);
        var events = new List<DisputeEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DisputeEvent(
                reader.GetString(0),
                reader.GetString(1),
                LineTypeCode.ChargebackEventOf(reader.GetString(2)),
                reader.GetFieldValue<LocalDate>(3),
                reader.IsDBNull(4) || reader.IsDBNull(5) ? null : new Money(reader.GetInt64(4), Currency.FromCode(reader.GetString(5))),
                CardBrand.Of(Text(reader, 6)),
                Text(reader, 7),
                Text(reader, 8),
                Text(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<LocalDate>(10)));
        }

        return events;
    }

    /// <summary>Sales settled from <paramref name="from"/> on, per brand as written, month and currency; a duplicate line is not a second sale.</summary>
    public Task<IReadOnlyList<BrandMonthVolume>> SettledSalesAsync(LocalDate from, CancellationToken cancellationToken) =>
        VolumesAsync(
            """
            SELECT coalesce(nullif(trim(l.card_brand), ''), p.card_brand), date_trunc('month', l.settlement_date)::date, l.transaction_currency, count(*), sum(l.gross_minor)::bigint
            FROM acquirer.settlement_lines l
            LEFT JOIN recon.line_outcomes o USING (file_id, line_number)
            LEFT JOIN ledger.payments p ON p.payment_id = o.payment_id
            WHERE l.record_type = 'SETTLED' AND l.settlement_date >= @from AND o.outcome IS DISTINCT FROM 'duplicate'
            GROUP BY 1, 2, 3
            """,
            from,
            cancellationToken);

    /// <summary>First chargebacks from <paramref name="from"/> on, per brand as written, month and currency; a case counts once.</summary>
    public Task<IReadOnlyList<BrandMonthVolume>> ChargebacksAsync(LocalDate from, CancellationToken cancellationToken) =>
        VolumesAsync(
            $"""
            SELECT brand, month, currency, count(*), sum(amount_minor)::bigint
            FROM (
                SELECT DISTINCT ON (e.source, e.dispute_id) coalesce(nullif(trim(e.scheme), ''), p.card_brand) AS brand,
                       date_trunc('month', e.event_date)::date AS month, e.currency, e.amount_minor
                FROM acquirer.dispute_events e
                {EventPayment}
                WHERE e.event = 'CHARGEBACK' AND e.event_date >= @from AND e.amount_minor IS NOT NULL AND e.currency IS NOT NULL
                ORDER BY e.source, e.dispute_id, e.event_date
            ) first_chargebacks
            GROUP BY 1, 2, 3
            """,
            from,
            cancellationToken);

    private async Task<IReadOnlyList<BrandMonthVolume>> VolumesAsync(string sql, LocalDate from, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("from", from);
        var volumes = new List<BrandMonthVolume>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            volumes.Add(new BrandMonthVolume(
                Text(reader, 0) ?? CardBrand.Unknown,
                reader.GetFieldValue<LocalDate>(1).ToYearMonth(),
                reader.GetInt64(3),
                new Money(reader.GetInt64(4), Currency.FromCode(reader.GetString(2)))));
        }

        return volumes;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
