using Npgsql;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Worker.Demo;

/// <summary>What the demo waits for and tells, read from the worker's tables: every number of the story is read here, after the fact.</summary>
public sealed class DemoProgress(NpgsqlDataSource dataSource)
{
    /// <summary>How many of these operations are still to be executed (requested or at the gateway).</summary>
    public async Task<long> InFlightAsync(IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM operations.operations WHERE operation_id = ANY(@ids) AND status IN ('requested', 'sending')");
        command.Parameters.AddWithValue("ids", operationIds.ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>These operations by kind and status, e.g. <c>("CP", "succeeded") → 4</c>.</summary>
    public async Task<IReadOnlyList<(string Kind, string Status, long Count)>> OperationsAsync(IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT kind, status, count(*) FROM operations.operations WHERE operation_id = ANY(@ids) GROUP BY kind, status ORDER BY kind, status");
        command.Parameters.AddWithValue("ids", operationIds.ToArray());
        var rows = new List<(string, string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>How many of these gateway ids the ledger holds as payments.</summary>
    public async Task<long> RecordedPaymentsAsync(IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM ledger.payments WHERE payment_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", paymentIds.ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The file last taken in under this name and its intake status (processed, quarantined…); null before.</summary>
    public async Task<(long FileId, string Status)?> FileAsync(string originalName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT file_id, status FROM intake.files WHERE original_name = @name ORDER BY file_id DESC LIMIT 1");
        command.Parameters.AddWithValue("name", originalName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The file's dispute events not acted on yet (a reversal waits while its chargeback is on its way).</summary>
    public async Task<long> DisputeEventsPendingAsync(long fileId, CancellationToken cancellationToken)
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
    public async Task<IReadOnlyList<DisputeActed>> DisputeActionsAsync(long fileId, CancellationToken cancellationToken)
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

    /// <summary>The file's final amounts not acted on yet.</summary>
    public async Task<long> FinalAmountsPendingAsync(long fileId, CancellationToken cancellationToken)
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
    public async Task<IReadOnlyList<string>> FinalAmountOperationsAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT unnest(operation_ids) FROM recon.final_amount_actions WHERE file_id = @file");
        command.Parameters.AddWithValue("file", fileId);
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>Those of these operations held for a person's approval.</summary>
    public async Task<IReadOnlyList<string>> AwaitingApprovalAsync(IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT operation_id FROM operations.operations WHERE operation_id = ANY(@ids) AND status = 'awaiting-approval' ORDER BY created_at, operation_id");
        command.Parameters.AddWithValue("ids", operationIds.ToArray());
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>What reconciliation decided for the file's lines, by outcome (<c>matched</c>, <c>duplicate</c>, …).</summary>
    public async Task<IReadOnlyDictionary<string, long>> LineOutcomesAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT outcome, count(*) FROM recon.line_outcomes WHERE file_id = @file GROUP BY outcome");
        command.Parameters.AddWithValue("file", fileId);
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            outcomes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return outcomes;
    }

    /// <summary>The file's lines not decided yet.</summary>
    public async Task<long> LinesUndecidedAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FROM acquirer.settlement_lines l
            WHERE l.file_id = @file AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = l.file_id AND o.line_number = l.line_number)
            """);
        command.Parameters.AddWithValue("file", fileId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>How many open exceptions of this kind are about these ledger transactions.</summary>
    public async Task<long> OpenExceptionsOnAsync(ExceptionKind kind, IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM recon.exceptions WHERE kind = @kind AND status = 'open' AND transaction_id = ANY(@ids)");
        command.Parameters.AddWithValue("kind", kind.Code);
        command.Parameters.AddWithValue("ids", transactionIds.ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every ledger transaction of these payments.</summary>
    public async Task<IReadOnlyList<string>> TransactionsOfAsync(IReadOnlyCollection<string> paymentIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT transaction_id FROM ledger.transactions WHERE payment_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", paymentIds.ToArray());
        return await ReadIdsAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
