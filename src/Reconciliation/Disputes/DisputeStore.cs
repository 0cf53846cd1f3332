using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// The dispute events of acquirers' files and what was done about each (<c>recon.dispute_actions</c>, one row per
/// event: its memory, so that an event acts once however often its file comes): what dispute automation reads and
/// writes, and what the demo reads back.
/// </summary>
public sealed class DisputeStore(NpgsqlDataSource dataSource)
{
    /// <summary>The automation's lock, held for a run; null when another instance is running it.</summary>
    public Task<AdvisoryLock?> TryHoldAutomationAsync(CancellationToken cancellationToken) =>
        AdvisoryLock.TryHoldAsync(dataSource, AdvisoryLockKeys.Disputes, cancellationToken);

    /// <summary>Every event not acted on yet, in event order.</summary>
    public async Task<IReadOnlyList<PendingDispute>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.file_id, e.line_number, e.dispute_id, e.event, e.payment_id, e.merchant_transaction_id, e.arn, e.amount_minor, e.currency, e.reason_code
            FROM acquirer.dispute_events e
            WHERE NOT EXISTS (SELECT 1 FROM recon.dispute_actions a WHERE a.file_id = e.file_id AND a.line_number = e.line_number)
            ORDER BY e.event_date, e.file_id, e.line_number
            """);
        var pending = new List<PendingDispute>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingDispute(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                LineTypeCode.ChargebackEventOf(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : new Money(reader.GetInt64(7), Currency.FromCode(reader.GetString(8))),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return pending;
    }

    /// <summary>The payment a merchant reference (of the payment or of one of its legs) or an ARN names, if any.</summary>
    public async Task<string?> PaymentIdByReferenceAsync(string? merchantTransactionId, string? arn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT payment_id FROM ledger.payments WHERE merchant_transaction_id = @reference
            UNION ALL SELECT payment_id FROM ledger.transactions WHERE merchant_transaction_id = @reference
            UNION ALL SELECT payment_id FROM ledger.payments WHERE arn = @arn
            LIMIT 1
            """);
        command.Parameters.AddWithValue("reference", (object?)merchantTransactionId ?? DBNull.Value);
        command.Parameters.AddWithValue("arn", (object?)arn ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>What the event did, and its exception case when it needs a person, in one transaction.</summary>
    public async Task RecordAsync(
        PendingDispute dispute, string action, string? operationId, string? transactionId, string explanation, ExceptionKind? exceptionKind, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO recon.dispute_actions (file_id, line_number, action, operation_id, transaction_id, explanation, decided_at, event_date)
            SELECT @file, @line, @action, @operation, @transaction, @explanation, @now, e.event_date
            FROM acquirer.dispute_events e WHERE e.file_id = @file AND e.line_number = @line
            -- The action is filed in its event's month (migration 0055), so both go when retention drops it.
            ON CONFLICT (file_id, line_number, event_date) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("file", dispute.FileId);
            insert.Parameters.AddWithValue("line", dispute.LineNumber);
            insert.Parameters.AddWithValue("action", action);
            insert.Parameters.AddWithValue("operation", (object?)operationId ?? DBNull.Value);
            insert.Parameters.AddWithValue("transaction", (object?)transactionId ?? DBNull.Value);
            insert.Parameters.AddWithValue("explanation", explanation);
            insert.Parameters.AddWithValue("now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (exceptionKind is not null)
        {
            var raised = new RaisedCase(
                exceptionKind, $"dispute {dispute.FileId}:{dispute.LineNumber}", dispute.FileId, dispute.LineNumber, transactionId, $"dispute {dispute.DisputeId} {dispute.Event}: {explanation}");
            await ExceptionStore.RaiseAsync(connection, transaction, raised, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The file's dispute events not acted on yet (a reversal waits while its chargeback is on its way).</summary>
    public async Task<long> PendingOfFileAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FROM acquirer.dispute_events e
            WHERE e.file_id = @file AND NOT EXISTS (SELECT 1 FROM recon.dispute_actions a WHERE a.file_id = e.file_id AND a.line_number = e.line_number)
            """);
        command.Parameters.AddWithValue("file", fileId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>What the file's dispute events did: per event its action and the operation it requested, if any.</summary>
    public async Task<IReadOnlyList<DisputeActed>> ActionsOfFileAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.dispute_id, e.event, e.payment_id, e.merchant_transaction_id, e.amount_minor, e.currency, e.scheme, e.reason_code, a.action, a.operation_id
            FROM acquirer.dispute_events e JOIN recon.dispute_actions a USING (file_id, line_number)
            WHERE e.file_id = @file ORDER BY e.line_number
            """);
        command.Parameters.AddWithValue("file", fileId);
        var acted = new List<DisputeActed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            acted.Add(new DisputeActed(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), reader.IsDBNull(4) ? null : reader.GetInt64(4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), reader.GetString(8), Text(reader, 9)));
        }

        return acted;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
