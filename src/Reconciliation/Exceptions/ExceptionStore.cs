using NodaTime;
using Npgsql;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>
/// The exception cases: raised by each capability (matching, disputes, final amounts, the capture sweep,
/// operations, SFTP sources) in the transaction of the change that found the problem, listed for people, and
/// resolved by a person with a note (or by a rule when the problem went away).
/// </summary>
public sealed class ExceptionStore(NpgsqlDataSource dataSource, IClock clock)
{
    private const string Columns = "exception_id, kind, subject, summary, status, raised_at, resolved_at, resolved_by, note";

    /// <summary>Raises the exception in the caller's transaction, beside the change that found it; nothing if it is already there.</summary>
    public static async Task RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RaisedCase raised, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raised);
        await using var raise = new NpgsqlCommand(
            """
            INSERT INTO recon.exceptions (kind, subject, file_id, line_number, transaction_id, summary, raised_at)
            VALUES (@kind, @subject, @file, @line, @transaction, @summary, @now)
            ON CONFLICT (kind, subject) DO NOTHING
            """,
            connection,
            transaction);
        await ExecuteRaiseAsync(raise, raised, now, cancellationToken);
    }

    /// <summary>
    /// Raises the exception in the caller's transaction for a problem that can come back (an operation that fails
    /// again after a retry): an open case takes the new summary; a resolved one opens again, its summary saying who
    /// had resolved it and how, since the new failure is news to whoever closed it.
    /// </summary>
    public static async Task RaiseOrReopenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RaisedCase raised, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raised);
        await using var raise = new NpgsqlCommand(
            """
            INSERT INTO recon.exceptions AS e (kind, subject, file_id, line_number, transaction_id, summary, raised_at)
            VALUES (@kind, @subject, @file, @line, @transaction, @summary, @now)
            ON CONFLICT (kind, subject) DO UPDATE SET
                -- An open case raised once more (the same failure told twice) keeps saying who had resolved it before.
                summary = EXCLUDED.summary || CASE WHEN e.status = 'resolved'
                    THEN ' (raised again; resolved before by ' || e.resolved_by || ': ' || e.note || ')'
                    ELSE coalesce(substring(e.summary from ' \(raised again; resolved before by .*\)$'), '') END,
                raised_at = CASE WHEN e.status = 'resolved' THEN EXCLUDED.raised_at ELSE e.raised_at END,
                status = 'open', resolved_at = NULL, resolved_by = NULL, note = NULL
            """,
            connection,
            transaction);
        await ExecuteRaiseAsync(raise, raised, now, cancellationToken);
    }

    private static async Task ExecuteRaiseAsync(NpgsqlCommand raise, RaisedCase raised, Instant now, CancellationToken cancellationToken)
    {
        raise.Parameters.AddWithValue("kind", raised.Kind.Code);
        raise.Parameters.AddWithValue("subject", raised.Subject);
        raise.Parameters.AddWithValue("file", (object?)raised.FileId ?? DBNull.Value);
        raise.Parameters.AddWithValue("line", (object?)raised.LineNumber ?? DBNull.Value);
        raise.Parameters.AddWithValue("transaction", (object?)raised.TransactionId ?? DBNull.Value);
        raise.Parameters.AddWithValue("summary", raised.Summary);
        raise.Parameters.AddWithValue("now", now);
        await raise.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ExceptionCase>> ListAsync(bool openOnly, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM recon.exceptions WHERE NOT @open_only OR status = 'open' ORDER BY exception_id");
        command.Parameters.AddWithValue("open_only", openOnly);
        var exceptions = new List<ExceptionCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            exceptions.Add(Read(reader));
        }

        return exceptions;
    }

    /// <summary>Closes an open exception with who closed it and why; the reason it cannot be closed otherwise.</summary>
    public async Task<Result<ExceptionCase, string>> ResolveAsync(long id, string resolvedBy, string note, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return "a note is required: say what was done about it";
        }

        if (string.IsNullOrWhiteSpace(resolvedBy))
        {
            return "say who resolves it";
        }

        await using var command = dataSource.CreateCommand(
            $"""
            WITH resolved AS (
                UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = @by, note = @note
                WHERE exception_id = @id AND status = 'open'
                RETURNING {Columns}),
            -- The resolution goes into the case's thread, as the console's do.
            recorded AS (
                INSERT INTO recon.exception_activity (exception_id, occurred_at, actor, action, body)
                SELECT exception_id, @now, @by, 'resolved', @note FROM resolved)
            SELECT {Columns} FROM resolved
            """);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("by", resolvedBy.Trim());
        command.Parameters.AddWithValue("note", note.Trim());
        command.Parameters.AddWithValue("id", id);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Read(reader);
            }
        }

        await using var exists = dataSource.CreateCommand("SELECT status, resolved_by FROM recon.exceptions WHERE exception_id = @id");
        exists.Parameters.AddWithValue("id", id);
        await using var state = await exists.ExecuteReaderAsync(cancellationToken);
        return await state.ReadAsync(cancellationToken)
            ? $"exception {id} is already resolved (by {state.GetString(1)})"
            : $"there is no exception {id}";
    }

    /// <summary>An exception from the first nine columns every read of <c>recon.exceptions</c> here selects, in this order.</summary>
    internal static ExceptionCase Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetFieldValue<Instant>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<Instant>(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
