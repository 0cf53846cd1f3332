using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>
/// The final amounts and what was done about each (<c>recon.final_amount_actions</c>, one row per final amount: its
/// memory, so it acts once): what the final-amount automation reads and writes, and what the API and the demo read
/// back.
/// </summary>
public sealed class FinalAmountStore(NpgsqlDataSource dataSource)
{
    /// <summary>The rule named on audit rows and operations.</summary>
    public const string RuleName = "estimated-authorizations";

    /// <summary>The automation's lock, held for a run; null when another instance is running it.</summary>
    public Task<AdvisoryLock?> TryHoldAutomationAsync(CancellationToken cancellationToken) =>
        AdvisoryLock.TryHoldAsync(dataSource, AdvisoryLockKeys.FinalAmounts, cancellationToken);

    /// <summary>Every final amount not acted on yet, in the order it came.</summary>
    public async Task<IReadOnlyList<PendingFinalAmount>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT f.file_id, f.line_number, f.payment_id, f.merchant_transaction_id, f.final_minor, f.currency, f.reference, i.original_name
            FROM acquirer.final_amounts f JOIN intake.files i ON i.file_id = f.file_id
            WHERE NOT EXISTS (SELECT 1 FROM recon.final_amount_actions a WHERE a.file_id = f.file_id AND a.line_number = f.line_number)
            ORDER BY f.file_id, f.line_number
            """);
        var pending = new List<PendingFinalAmount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingFinalAmount(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new Money(reader.GetInt64(4), Currency.FromCode(reader.GetString(5))),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7)));
        }

        return pending;
    }

    /// <summary>Up to two payments of this merchant reference: one names the payment, two say it is ambiguous.</summary>
    public async Task<IReadOnlyList<string>> PaymentIdsByReferenceAsync(string merchantTransactionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT payment_id FROM ledger.payments WHERE merchant_transaction_id = @reference ORDER BY payment_id LIMIT 2");
        command.Parameters.AddWithValue("reference", merchantTransactionId);
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>
    /// What the final amount did, in one transaction: its action row, an audit row on its payment, its exception case
    /// if it needs a person, and one case per rebill of the payment that waits for approval. Nothing when its row
    /// exists already (another run recorded it).
    /// </summary>
    public async Task RecordAsync(
        PendingFinalAmount final, Payment? payment, FinalAmountOutcome outcome, IReadOnlyList<Operation> awaiting, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(awaiting);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO recon.final_amount_actions (file_id, line_number, action, payment_id, operation_ids, explanation, decided_at)
            VALUES (@file, @line, @action, @payment, @operations, @explanation, @now)
            ON CONFLICT (file_id, line_number) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("file", final.FileId);
            insert.Parameters.AddWithValue("line", final.LineNumber);
            insert.Parameters.AddWithValue("action", outcome.Action);
            insert.Parameters.AddWithValue("payment", (object?)payment?.Id ?? DBNull.Value);
            insert.Parameters.AddWithValue("operations", outcome.Operations.Select(operation => operation.Id).ToArray());
            insert.Parameters.AddWithValue("explanation", outcome.Explanation);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        if (payment is not null)
        {
            await using var audit = new NpgsqlCommand(
                """
                INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
                VALUES (@now, 'rule', @actor, 'final_amount.decided', @payment, @payment, @reason,
                    jsonb_build_object('file_id', @file, 'line', @line, 'final_amount', @amount, 'currency', @currency, 'decision', @action, 'operations', @operations))
                """,
                connection,
                transaction);
            audit.Parameters.AddWithValue("now", now);
            audit.Parameters.AddWithValue("actor", RuleName);
            audit.Parameters.AddWithValue("payment", payment.Id);
            audit.Parameters.AddWithValue("reason", outcome.Explanation);
            audit.Parameters.AddWithValue("file", final.FileId);
            audit.Parameters.AddWithValue("line", final.LineNumber);
            audit.Parameters.AddWithValue("amount", final.Amount.FormatAmount());
            audit.Parameters.AddWithValue("currency", final.Amount.Currency.Code);
            audit.Parameters.AddWithValue("action", outcome.Action);
            audit.Parameters.AddWithValue("operations", outcome.Operations.Select(operation => operation.Id).ToArray());
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        if (outcome.ExceptionKind is { } kind)
        {
            await RaiseAsync(connection, transaction, kind, $"final amount {final.FileId}:{final.LineNumber}", final, payment?.Id, $"{final.Key}: {outcome.Explanation}", now, cancellationToken);
        }

        foreach (var operation in awaiting)
        {
            await RaiseAsync(
                connection,
                transaction,
                ExceptionKind.RebillAwaitingApproval,
                OperationStore.ApprovalSubject(operation.Id),
                final,
                operation.ReferencedId,
                $"{OperationKinds.CommandOf(operation.Kind)} {operation.Amount} on {operation.ReferencedId} awaits approval ({final.Key}: {outcome.Explanation}); approve with: op approve {operation.Id}",
                now,
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What one final amount did; null while it waits to be acted on.</summary>
    public async Task<FinalAmountActed?> ActedAsync(long fileId, long lineNumber, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT action, payment_id, operation_ids, explanation FROM recon.final_amount_actions WHERE file_id = @file AND line_number = @line");
        command.Parameters.AddWithValue("file", fileId);
        command.Parameters.AddWithValue("line", lineNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FinalAmountActed(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3))
            : null;
    }

    /// <summary>The file's final amounts not acted on yet.</summary>
    public async Task<long> PendingOfFileAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FROM acquirer.final_amounts f
            WHERE f.file_id = @file AND NOT EXISTS (SELECT 1 FROM recon.final_amount_actions a WHERE a.file_id = f.file_id AND a.line_number = f.line_number)
            """);
        command.Parameters.AddWithValue("file", fileId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every operation the file's final amounts requested.</summary>
    public async Task<IReadOnlyList<string>> OperationsOfFileAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT unnest(operation_ids) FROM recon.final_amount_actions WHERE file_id = @file");
        command.Parameters.AddWithValue("file", fileId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static Task RaiseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ExceptionKind kind, string subject, PendingFinalAmount final, string? transactionId, string summary, Instant now, CancellationToken cancellationToken) =>
        ExceptionStore.RaiseAsync(connection, transaction, new RaisedCase(kind, subject, final.FileId, final.LineNumber, transactionId, summary), now, cancellationToken);
}
