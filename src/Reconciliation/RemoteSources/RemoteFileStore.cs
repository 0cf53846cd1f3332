using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// The rows of remote sources in PostgreSQL (schema <c>sources</c>): a claim per remote file, so that among any
/// number of worker instances one fetches it, and the status of each source with the exception cases it raises.
/// A claim is a lease like the intake's: an instance killed mid-download stops renewing it, and the file is taken
/// over at once by an instance of the same machine that sees the owner's process gone, or by any instance once
/// the lease ran out.
/// </summary>
public sealed class RemoteFileStore(NpgsqlDataSource dataSource, IClock clock)
{
    /// <summary>Who resolves a source's exception cases when it works again.</summary>
    public const string Rule = "rule:sources";

    private const string Columns = "remote_file_id, source, remote_path, size_bytes, modified_at, status, claimed_by, sha256, local_path, downloaded_at";

    /// <summary>The rows already kept for these remote paths of <paramref name="source"/>, by path, size and time.</summary>
    public async Task<IReadOnlyDictionary<(string Path, long Size, Instant Modified), RemoteFileStatus>> KnownAsync(
        string source, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        await using var command = dataSource.CreateCommand(
            "SELECT remote_path, size_bytes, modified_at, status FROM sources.remote_files WHERE source = @source AND remote_path = ANY(@paths)");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("paths", paths.ToArray());
        var known = new Dictionary<(string, long, Instant), RemoteFileStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<Instant>(2))] = StatusOf(reader.GetString(3));
        }

        return known;
    }

    /// <summary>
    /// Claims a listed remote file: a new row (<see cref="RemoteFileStatus.Downloading"/>), or an existing row whose
    /// owner is this instance, is known dead, or let its lease run out.
    /// </summary>
    public async Task<RemoteClaim> ClaimAsync(
        string source, string remotePath, RemoteEntry entry, string instance, Duration lease, Func<string, bool>? ownerIsGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO sources.remote_files (source, remote_path, size_bytes, modified_at, status, claimed_by, lease_expires_at, first_seen_at)
            VALUES (@source, @path, @size, @modified, 'downloading', @instance, @until, @now)
            ON CONFLICT (source, remote_path, size_bytes, modified_at) DO NOTHING
            RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("source", source);
            insert.Parameters.AddWithValue("path", remotePath);
            insert.Parameters.AddWithValue("size", entry.SizeBytes);
            insert.Parameters.AddWithValue("modified", entry.ModifiedAt);
            insert.Parameters.AddWithValue("instance", instance);
            insert.Parameters.AddWithValue("until", now + lease);
            insert.Parameters.AddWithValue("now", now);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var row = Read(reader);
                await reader.DisposeAsync();
                await transaction.CommitAsync(cancellationToken);
                return new RemoteClaim(RemoteClaimOutcome.Claimed, row);
            }
        }

        long id;
        await using (var existing = new NpgsqlCommand(
            "SELECT remote_file_id FROM sources.remote_files WHERE source = @source AND remote_path = @path AND size_bytes = @size AND modified_at = @modified",
            connection,
            transaction))
        {
            existing.Parameters.AddWithValue("source", source);
            existing.Parameters.AddWithValue("path", remotePath);
            existing.Parameters.AddWithValue("size", entry.SizeBytes);
            existing.Parameters.AddWithValue("modified", entry.ModifiedAt);
            id = (long)(await existing.ExecuteScalarAsync(cancellationToken))!;
        }

        var claim = await TakeOverAsync(connection, transaction, id, instance, lease, ownerIsGone, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    /// <summary>
    /// Claims the rows of <paramref name="source"/> left half-way (downloaded but not taken in, or taken in with the
    /// remote action left) that this instance may carry on: whatever the remote folder shows now, their work goes on.
    /// </summary>
    public async Task<IReadOnlyList<RemoteClaim>> ClaimUnfinishedAsync(
        string source, string instance, Duration lease, Func<string, bool>? ownerIsGone, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = new List<long>();
        await using (var unfinished = new NpgsqlCommand(
            "SELECT remote_file_id FROM sources.remote_files WHERE source = @source AND status IN ('downloaded', 'taken') ORDER BY remote_file_id",
            connection))
        {
            unfinished.Parameters.AddWithValue("source", source);
            await using var reader = await unfinished.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var claims = new List<RemoteClaim>();
        foreach (var id in ids)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var claim = await TakeOverAsync(connection, transaction, id, instance, lease, ownerIsGone, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (claim.Outcome == RemoteClaimOutcome.Claimed)
            {
                claims.Add(claim);
            }
        }

        return claims;
    }

    /// <summary>Extends this instance's lease on a row it works on; false when another instance took it over.</summary>
    public async Task<bool> RenewAsync(long id, string instance, Duration lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE sources.remote_files SET lease_expires_at = @until WHERE remote_file_id = @id AND claimed_by = @instance AND status <> 'done'");
        command.Parameters.AddWithValue("until", clock.GetCurrentInstant() + lease);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("instance", instance);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The download is complete and verified in the staging folder; false when the claim was lost meanwhile.</summary>
    public async Task<bool> MarkDownloadedAsync(long id, string instance, byte[] sha256, string localPath, Duration lease, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand(
            """
            UPDATE sources.remote_files SET status = 'downloaded', sha256 = @sha256, local_path = @local, downloaded_at = @now, lease_expires_at = @until
            WHERE remote_file_id = @id AND claimed_by = @instance AND status IN ('downloading', 'downloaded')
            """);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("local", localPath);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("instance", instance);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Gives up a claim whose download failed (it changed, or its checksum disagreed): the next run starts it over.</summary>
    public async Task ReleaseAsync(long id, string instance, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM sources.remote_files WHERE remote_file_id = @id AND claimed_by = @instance AND status = 'downloading'");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("instance", instance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The intake has the file (its row <paramref name="intakeFileId"/>). Written whoever holds the claim: once the
    /// intake has it, saying so twice is harmless, and the intake itself kept its content from counting twice.
    /// </summary>
    public async Task MarkTakenAsync(long id, long? intakeFileId, string intakeStatus, string instance, Duration lease, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand(
            """
            UPDATE sources.remote_files SET status = 'taken', intake_file_id = @intake, intake_status = @intake_status, taken_at = @now,
                claimed_by = @instance, lease_expires_at = @until
            WHERE remote_file_id = @id AND status = 'downloaded'
            """);
        command.Parameters.AddWithValue("intake", (object?)intakeFileId ?? DBNull.Value);
        command.Parameters.AddWithValue("intake_status", intakeStatus);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The remote action is done (or there was none): nothing is left for this file.</summary>
    public async Task MarkDoneAsync(long id, string remoteAction, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE sources.remote_files SET status = 'done', remote_action = @action, finished_at = @now, lease_expires_at = NULL WHERE remote_file_id = @id AND status = 'taken'");
        command.Parameters.AddWithValue("action", remoteAction);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The intake record of a download whose staging copy is gone: the intake moved it (to the archive or quarantine)
    /// and the instance died before saying so here. Same content, same name, moved after the download.
    /// </summary>
    public async Task<(long FileId, string Status)?> FindTakenInAsync(byte[] sha256, string name, Instant downloadedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT file_id, status FROM intake.files
            WHERE sha256 = @sha256 AND original_name = @name AND moved_at >= @since AND status <> 'processing'
            ORDER BY file_id DESC
            LIMIT 1
            """);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("since", downloadedAt);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>
    /// The source works: its failing streak (if any) ends, and the exception cases it raised are resolved by the rule.
    /// </summary>
    public async Task RecordSuccessAsync(string source, int filesTaken, long bytesTaken, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var status = new NpgsqlCommand(
            """
            INSERT INTO sources.source_status (source, last_attempt_at, last_success_at, files_taken, bytes_taken)
            VALUES (@source, @now, @now, @files, @bytes)
            ON CONFLICT (source) DO UPDATE SET last_attempt_at = @now, last_success_at = @now,
                failing_since = NULL, failure_kind = NULL, failure_reason = NULL,
                files_taken = source_status.files_taken + @files, bytes_taken = source_status.bytes_taken + @bytes
            """,
            connection,
            transaction))
        {
            status.Parameters.AddWithValue("source", source);
            status.Parameters.AddWithValue("now", now);
            status.Parameters.AddWithValue("files", (long)filesTaken);
            status.Parameters.AddWithValue("bytes", bytesTaken);
            await status.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var resolve = new NpgsqlCommand(
            """
            UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = @rule, note = @note
            WHERE status = 'open' AND kind = ANY(@kinds) AND starts_with(subject, @subject)
            """,
            connection,
            transaction))
        {
            resolve.Parameters.AddWithValue("now", now);
            resolve.Parameters.AddWithValue("rule", Rule);
            resolve.Parameters.AddWithValue("note", $"source {source} worked again at {now}");
            resolve.Parameters.AddWithValue("kinds", Enum.GetValues<RemoteFailureKind>().Select(kind => kind.ToCode()).ToArray());
            resolve.Parameters.AddWithValue("subject", SubjectPrefix(source));
            await resolve.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The source failed: its status says why (from the first failure of the streak on), and an exception case is
    /// raised, one per streak and kind, so a source failing every quarter of an hour all night is one case, not forty.
    /// </summary>
    public async Task RecordFailureAsync(string source, RemoteFailureKind kind, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Instant since;
        await using (var status = new NpgsqlCommand(
            """
            INSERT INTO sources.source_status (source, last_attempt_at, failing_since, failure_kind, failure_reason)
            VALUES (@source, @now, @now, @kind, @reason)
            ON CONFLICT (source) DO UPDATE SET last_attempt_at = @now, failing_since = coalesce(source_status.failing_since, @now),
                failure_kind = @kind, failure_reason = @reason
            RETURNING failing_since
            """,
            connection,
            transaction))
        {
            status.Parameters.AddWithValue("source", source);
            status.Parameters.AddWithValue("now", now);
            status.Parameters.AddWithValue("kind", kind.ToCode());
            status.Parameters.AddWithValue("reason", reason);
            since = (Instant)(await status.ExecuteScalarAsync(cancellationToken))!;
        }

        var raised = new RaisedCase(kind.ToExceptionKind(), $"{SubjectPrefix(source)}{since}", null, null, null, $"source {source}: {reason}");
        await ExceptionStore.RaiseAsync(connection, transaction, raised, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The status of every source that has been tried, by name.</summary>
    public async Task<IReadOnlyDictionary<string, SourceStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT source, last_attempt_at, last_success_at, failing_since, failure_kind, failure_reason, files_taken, bytes_taken, pinned_host_key FROM sources.source_status");
        var statuses = new Dictionary<string, SourceStatus>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetString(0)] = new SourceStatus(
                reader.GetString(0),
                reader.GetFieldValue<Instant>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<Instant>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<Instant>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
        }

        return statuses;
    }

    /// <summary>The host key pinned at the first connection of a source that trusts on first use; null before it.</summary>
    public async Task<string?> PinnedHostKeyAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pinned_host_key FROM sources.source_status WHERE source = @source");
        command.Parameters.AddWithValue("source", source);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Pins <paramref name="fingerprint"/> unless a key is pinned already (another instance was first); returns the key pinned.</summary>
    public async Task<string> PinHostKeyAsync(string source, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sources.source_status (source, last_attempt_at, pinned_host_key) VALUES (@source, @now, @key)
            ON CONFLICT (source) DO UPDATE SET pinned_host_key = coalesce(source_status.pinned_host_key, @key)
            RETURNING pinned_host_key
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("key", fingerprint);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string SubjectPrefix(string source) => $"source {source} failing since ";

    private static async Task<RemoteClaim> TakeOverAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string instance, Duration lease, Func<string, bool>? ownerIsGone, Instant now, CancellationToken cancellationToken)
    {
        RemoteFileRow row;
        Instant? leaseExpiresAt;
        await using (var select = new NpgsqlCommand($"SELECT {Columns}, lease_expires_at FROM sources.remote_files WHERE remote_file_id = @id FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            row = Read(reader);
            leaseExpiresAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<Instant>(10);
        }

        if (row.Status == RemoteFileStatus.Done)
        {
            return new RemoteClaim(RemoteClaimOutcome.Finished, row);
        }

        // A live lease of another instance that is not known dead: that instance is at work on the file.
        if (row.ClaimedBy != instance && leaseExpiresAt is { } expires && expires > now && ownerIsGone?.Invoke(row.ClaimedBy) != true)
        {
            return new RemoteClaim(RemoteClaimOutcome.ClaimedElsewhere, row);
        }

        await using (var update = new NpgsqlCommand(
            "UPDATE sources.remote_files SET claimed_by = @instance, lease_expires_at = @until WHERE remote_file_id = @id",
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("instance", instance);
            update.Parameters.AddWithValue("until", now + lease);
            update.Parameters.AddWithValue("id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return new RemoteClaim(RemoteClaimOutcome.Claimed, row with { ClaimedBy = instance }, row.ClaimedBy == instance ? null : row.ClaimedBy);
    }

    private static RemoteFileRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetFieldValue<Instant>(4),
        StatusOf(reader.GetString(5)),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9));

    private static RemoteFileStatus StatusOf(string code) => code switch
    {
        "downloading" => RemoteFileStatus.Downloading,
        "downloaded" => RemoteFileStatus.Downloaded,
        "taken" => RemoteFileStatus.Taken,
        "done" => RemoteFileStatus.Done,
        _ => throw new InvalidOperationException($"Stored remote file status '{code}' is not known."),
    };
}
