using NodaTime;
using Npgsql;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// Operator holds (<c>ledger.payment_holds</c>): a held PA is skipped by the capture sweep until released.
/// Putting on hold and releasing each leave an audit row in the same transaction.
/// </summary>
public sealed class PaymentHoldStore(NpgsqlDataSource dataSource, IClock clock)
{
    /// <summary>Puts a PA on hold (or replaces the note of its hold). Null when done, else the reason it cannot.</summary>
    public async Task<string?> HoldAsync(string paymentId, string note, string heldBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return "a note is required: say why the payment is held";
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var find = new NpgsqlCommand("SELECT payment_type FROM ledger.payments WHERE payment_id = @id FOR UPDATE", connection, transaction))
        {
            find.Parameters.AddWithValue("id", paymentId);
            switch (await find.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    return $"there is no payment {paymentId}";
                case string type when type != "PA":
                    return $"{paymentId} is a {type}: only a pre-authorization can be held from the capture sweep";
            }
        }

        var now = clock.GetCurrentInstant();
        await using (var hold = new NpgsqlCommand(
            """
            INSERT INTO ledger.payment_holds (payment_id, note, held_by, held_at) VALUES (@id, @note, @by, @now)
            ON CONFLICT (payment_id) DO UPDATE SET note = excluded.note, held_by = excluded.held_by, held_at = excluded.held_at
            """,
            connection,
            transaction))
        {
            hold.Parameters.AddWithValue("id", paymentId);
            hold.Parameters.AddWithValue("note", note.Trim());
            hold.Parameters.AddWithValue("by", heldBy);
            hold.Parameters.AddWithValue("now", now);
            await hold.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, now, heldBy, "payment.held", paymentId, note.Trim(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Releases a hold. Null when done, else the reason it cannot (there is no hold).</summary>
    public async Task<string?> ReleaseAsync(string paymentId, string releasedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string note;
        await using (var release = new NpgsqlCommand("DELETE FROM ledger.payment_holds WHERE payment_id = @id RETURNING note", connection, transaction))
        {
            release.Parameters.AddWithValue("id", paymentId);
            if (await release.ExecuteScalarAsync(cancellationToken) is not string held)
            {
                return $"{paymentId} is not on hold";
            }

            note = held;
        }

        await AuditAsync(connection, transaction, clock.GetCurrentInstant(), releasedBy, "payment.released", paymentId, $"hold released (it said: {note})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, string actor, string action, string paymentId, string reason, CancellationToken cancellationToken)
    {
        await using var audit = new NpgsqlCommand(
            """
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, reason)
            VALUES (@now, 'operator', @actor, @action, @payment_id, @reason)
            """,
            connection,
            transaction);
        audit.Parameters.AddWithValue("now", now);
        audit.Parameters.AddWithValue("actor", actor);
        audit.Parameters.AddWithValue("action", action);
        audit.Parameters.AddWithValue("payment_id", paymentId);
        audit.Parameters.AddWithValue("reason", reason);
        await audit.ExecuteNonQueryAsync(cancellationToken);
    }
}
