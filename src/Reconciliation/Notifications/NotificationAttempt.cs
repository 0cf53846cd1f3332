using NodaTime;
using Npgsql;

namespace Settlement.Reconciliation.Notifications;

/// <summary>One delivery attempt of a notification, holding its row's lock until <see cref="RecordAsync"/> commits it.</summary>
public sealed class NotificationAttempt : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    internal NotificationAttempt(StoredNotification notification, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Notification = notification;
        _connection = connection;
        _transaction = transaction;
    }

    public StoredNotification Notification { get; }

    /// <summary>Records the attempt: delivered when <paramref name="error"/> is null, else why not.</summary>
    public async Task RecordAsync(Instant at, string? error, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            """
            UPDATE notifications.outbox
            SET attempts = attempts + 1, last_attempt_at = @at, last_error = @error, delivered_at = CASE WHEN @error IS NULL THEN @at END
            WHERE notification_id = @id
            """,
            _connection,
            _transaction);
        update.Parameters.AddWithValue("id", Notification.Id);
        update.Parameters.AddWithValue("at", at);
        update.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = error });
        await update.ExecuteNonQueryAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
