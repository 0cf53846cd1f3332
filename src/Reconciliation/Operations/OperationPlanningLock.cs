using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// The lock between planning an operation and storing it. Planning reads the payment and the operations in flight on
/// it; without a lock two planners (an operator's capture and the sweep's, at the same moment) both read "nothing in
/// flight" and store two captures of one pre-authorization, which only the ledger would catch, after the gateway had
/// executed both. One request holds its payment's lock, and the shared side of the planners' lock, from before it
/// reads until its row is committed; the capture sweep, which plans thousands of payments from one bulk read, holds
/// the exclusive side for its planning and recording, so requests wait for it (seconds) and it for them.
/// Transaction-scoped advisory locks: a killed process releases them with its connection.
/// </summary>
public static class OperationPlanningLock
{
    /// <summary>
    /// Holds the planning of operations on <paramref name="paymentId"/> (null for a payout, which plans against
    /// nothing) until <paramref name="transaction"/> ends.
    /// </summary>
    public static async Task HoldForPaymentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? paymentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            paymentId is null
                ? "SELECT pg_advisory_xact_lock_shared(@all)"
                : "SELECT pg_advisory_xact_lock_shared(@all), pg_advisory_xact_lock(hashtextextended(@one || @payment, 0))",
            connection,
            transaction);
        command.Parameters.AddWithValue("all", AdvisoryLockKeys.OperationPlanning);
        command.Parameters.AddWithValue("one", AdvisoryLockKeys.OperationPlanningPrefix);
        command.Parameters.AddWithValue("payment", (object?)paymentId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Holds the planning of every operation until the returned lease is disposed (the capture sweep, between its bulk
    /// read and the commit of its rows). Requests already holding a payment finish first.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldAllAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@all)", connection, transaction);
            command.Parameters.AddWithValue("all", AdvisoryLockKeys.OperationPlanning);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Lease(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Lease(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Ending the transaction releases the lock; it wrote nothing.
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
