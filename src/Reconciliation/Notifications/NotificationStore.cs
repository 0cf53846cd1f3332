using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Notifications;

/// <summary>The notifications' outbox (<c>notifications.outbox</c>) and what deciding them reads.</summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "notification_id, kind, subject, summary, data, decided_at, job_id, attempts, last_error, delivered_at";

    /// <summary>The decision's lock, held for a run; null when another instance is deciding.</summary>
    public Task<AdvisoryLock?> TryHoldDecisionAsync(CancellationToken cancellationToken) =>
        AdvisoryLock.TryHoldAsync(dataSource, AdvisoryLockKeys.Notifications, cancellationToken);

    /// <summary>
    /// The open exceptions raised since <paramref name="since"/> that have an amount and no notification yet. The amount
    /// is the case's line's (settlement line, dispute event, final amount), else its operation's, else its leg's.
    /// </summary>
    public async Task<IReadOnlyList<ExceptionAmount>> UntoldExceptionsAsync(Instant since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT x.exception_id, x.kind, x.subject, x.summary, x.raised_at,
                   coalesce(l.gross_minor, d.amount_minor, f.final_minor, o.amount_minor, t.amount_minor),
                   coalesce(l.transaction_currency, d.currency, f.currency, o.currency, t.currency)
            FROM recon.exceptions x
            LEFT JOIN acquirer.settlement_lines l ON l.file_id = x.file_id AND l.line_number = x.line_number
            LEFT JOIN acquirer.dispute_events d ON d.file_id = x.file_id AND d.line_number = x.line_number
            LEFT JOIN acquirer.final_amounts f ON f.file_id = x.file_id AND f.line_number = x.line_number
            LEFT JOIN operations.operations o ON x.subject = 'operation ' || o.operation_id
            LEFT JOIN ledger.transactions t ON t.transaction_id = x.transaction_id
            WHERE x.status = 'open' AND x.raised_at >= @since
              AND NOT EXISTS (SELECT 1 FROM notifications.outbox n WHERE n.kind = 'exception_raised' AND n.subject = 'exception ' || x.exception_id)
            ORDER BY x.exception_id
            """);
        command.Parameters.AddWithValue("since", since);
        var found = new List<ExceptionAmount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(5) || reader.IsDBNull(6) || !Currency.TryFind(reader.GetString(6), out var currency))
            {
                continue;
            }

            found.Add(new ExceptionAmount(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<Instant>(4), new Money(reader.GetInt64(5), currency)));
        }

        return found;
    }

    /// <summary>Stores the notifications not stored yet (by kind and subject); returns how many were new.</summary>
    public async Task<int> RecordAsync(IEnumerable<DecidedNotification> decided, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var notification in decided)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO notifications.outbox (kind, subject, summary, data, decided_at) VALUES (@kind, @subject, @summary, @data, @now)
                ON CONFLICT (kind, subject) DO NOTHING
                """,
                connection,
                transaction);
            insert.Parameters.AddWithValue("kind", notification.Kind);
            insert.Parameters.AddWithValue("subject", notification.Subject);
            insert.Parameters.AddWithValue("summary", notification.Summary);
            insert.Parameters.AddWithValue("data", notification.Data);
            insert.Parameters.AddWithValue("now", now);
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>The notifications not delivered that have no job yet: new ones, and any whose job was not recorded (a crash between).</summary>
    public Task<IReadOnlyList<StoredNotification>> WithoutJobAsync(CancellationToken cancellationToken) =>
        ListAsync($"SELECT {Columns} FROM notifications.outbox WHERE delivered_at IS NULL AND job_id IS NULL ORDER BY notification_id", cancellationToken);

    /// <summary>Every notification, newest first, up to <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<StoredNotification>> LatestAsync(int limit, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {Columns} FROM notifications.outbox ORDER BY notification_id DESC LIMIT {limit}", cancellationToken);

    public async Task SetJobAsync(long id, string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE notifications.outbox SET job_id = @job WHERE notification_id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("job", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The notification, locked for one delivery attempt until the returned attempt is recorded or disposed: two jobs
    /// of one notification (a job enqueued twice around a crash) send it one after the other, and the second finds it
    /// delivered. Null when there is no such notification.
    /// </summary>
    public async Task<NotificationAttempt?> LockAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var select = new NpgsqlCommand($"SELECT {Columns} FROM notifications.outbox WHERE notification_id = @id FOR UPDATE", connection, transaction);
            select.Parameters.AddWithValue("id", id);
            StoredNotification? found;
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                found = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
            }

            if (found is null)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
                return null;
            }

            var attempt = new NotificationAttempt(found, connection, transaction);
            transaction = null;
            return attempt;
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlyList<StoredNotification>> ListAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        var found = new List<StoredNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    private static StoredNotification Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetFieldValue<Instant>(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9));
}
