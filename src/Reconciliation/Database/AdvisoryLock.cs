using Npgsql;

namespace Settlement.Reconciliation.Database;

/// <summary>
/// A transaction-scoped advisory lock taken without waiting, held until this is disposed: the transaction then
/// rolls back and the lock goes with it, as it goes with the connection of a process that was killed. The
/// automations hold one for a run so that one instance of a cluster acts at a time and the others skip.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private AdvisoryLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>The lock on <paramref name="key"/> (one of <see cref="AdvisoryLockKeys"/>), or null when another session holds it.</summary>
    public static async Task<AdvisoryLock?> TryHoldAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction);
            take.Parameters.AddWithValue("key", key);
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                var held = new AdvisoryLock(connection, transaction);
                transaction = null;
                return held;
            }
        }
        catch
        {
            await DisposeAsync(transaction, connection);
            throw;
        }

        await DisposeAsync(transaction, connection);
        return null;
    }

    public ValueTask DisposeAsync() => DisposeAsync(_transaction, _connection);

    private static async ValueTask DisposeAsync(NpgsqlTransaction? transaction, NpgsqlConnection connection)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}
