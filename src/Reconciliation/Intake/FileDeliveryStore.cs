using NodaTime;
using Npgsql;

namespace Settlement.Reconciliation.Intake;

/// <summary>Reads the deliveries for people: newest first, with where each went, its format and its outcomes.</summary>
public sealed class FileDeliveryStore(NpgsqlDataSource dataSource)
{
    /// <summary>The newest deliveries (of one status, or all), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<FileDelivery>> ListAsync(string? status, int limit, CancellationToken cancellationToken) =>
        QueryAsync(status, null, limit, cancellationToken);

    /// <summary>One delivery; null when there is none with that id.</summary>
    public async Task<FileDelivery?> FindAsync(long fileId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(null, fileId, 1, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<FileDelivery>> QueryAsync(string? status, long? fileId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT f.file_id, encode(f.sha256, 'hex'), f.original_name, f.size_bytes, f.status, f.kind, f.duplicate_of, f.claimed_by, f.claimed_at,
                   f.finished_at, f.lines_total, f.lines_ok, f.lines_rejected, f.reason, f.lines_duplicate, f.moved_to,
                   coalesce((SELECT s.source FROM acquirer.settlement_lines s WHERE s.file_id = f.file_id LIMIT 1),
                            (SELECT d.source FROM acquirer.dispute_events d WHERE d.file_id = f.file_id LIMIT 1),
                            (SELECT a.source FROM acquirer.final_amounts a WHERE a.file_id = f.file_id LIMIT 1),
                            (SELECT t.source FROM acquirer.transaction_lines t WHERE t.file_id = f.file_id LIMIT 1))
            FROM intake.files f
            WHERE (@status::text IS NULL OR f.status = @status) AND (@file::bigint IS NULL OR f.file_id = @file)
            ORDER BY f.file_id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", NpgsqlTypes.NpgsqlDbType.Text, (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("file", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)fileId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<(IntakeFile File, long? Duplicates, string? MovedTo, string? Source)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                long? Long(int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
                rows.Add((
                    new IntakeFile(
                        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), Text(5), Long(6), reader.GetString(7),
                        reader.GetFieldValue<Instant>(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9), Long(10), Long(11), Long(12), Text(13)),
                    Long(14),
                    Text(15),
                    Text(16)));
            }
        }

        var outcomes = await OutcomesAsync(rows.Select(row => row.File.FileId).ToArray(), cancellationToken);
        return [.. rows.Select(row => new FileDelivery(row.File, row.MovedTo, row.Source, row.Duplicates,
            outcomes.TryGetValue(row.File.FileId, out var counts) ? counts : new Dictionary<string, long>()))];
    }

    private async Task<Dictionary<long, IReadOnlyDictionary<string, long>>> OutcomesAsync(long[] fileIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT file_id, outcome, count(*) FROM recon.line_outcomes WHERE file_id = ANY(@ids) GROUP BY 1, 2 ORDER BY 1, 2");
        command.Parameters.AddWithValue("ids", fileIds);
        var outcomes = new Dictionary<long, Dictionary<string, long>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var fileId = reader.GetInt64(0);
            if (!outcomes.TryGetValue(fileId, out var counts))
            {
                outcomes[fileId] = counts = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            counts[reader.GetString(1)] = reader.GetInt64(2);
        }

        return outcomes.ToDictionary(entry => entry.Key, entry => (IReadOnlyDictionary<string, long>)entry.Value);
    }
}
