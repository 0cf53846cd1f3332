using Npgsql;

namespace Settlement.Worker.Demo;

/// <summary>What the demo waits for and sums up, read from the worker's tables.</summary>
public sealed class DemoProgress(NpgsqlDataSource dataSource)
{
    /// <summary>Operations still to be executed (requested or at the gateway).</summary>
    public async Task<long> OperationsInFlightAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM operations.operations WHERE status IN ('requested', 'sending')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Dispute events the automation has not acted on yet.</summary>
    public async Task<long> DisputeEventsPendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FROM acquirer.dispute_events e
            WHERE NOT EXISTS (SELECT 1 FROM recon.dispute_actions a WHERE a.file_id = e.file_id AND a.line_number = e.line_number)
            """);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The intake status of the file last taken in under this name (processed, quarantined…), null before.</summary>
    public async Task<string?> FileStatusAsync(string originalName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT status FROM intake.files WHERE original_name = @name ORDER BY file_id DESC LIMIT 1");
        command.Parameters.AddWithValue("name", originalName);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Operations by requester kind, kind and status: what the day set in motion.</summary>
    public async Task<IReadOnlyList<(string RequestedBy, string Kind, string Status, long Count)>> OperationsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT requested_by_kind, kind, status, count(*) FROM operations.operations
            GROUP BY requested_by_kind, kind, status ORDER BY requested_by_kind, kind, status
            """);
        var rows = new List<(string, string, string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return rows;
    }
}
