using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace Settlement.Reconciliation.Intake;

/// <summary>
/// Claims on incoming files, in PostgreSQL, so that among any number of worker instances exactly one
/// processes a given content. A claim is a lease: an instance that crashes mid-file stops renewing it,
/// and once it expires another instance (or the restarted one) takes the file over. Completion is
/// written in the caller's transaction, together with the file's lines, so a file counts entirely or not
/// at all.
/// </summary>
public sealed partial class IntakeStore(NpgsqlDataSource dataSource, IClock clock, ILogger<IntakeStore> logger)
{
    private const string Columns =
        "file_id, encode(sha256, 'hex'), original_name, size_bytes, status, kind, duplicate_of, claimed_by, claimed_at, finished_at, lines_total, lines_ok, lines_rejected, reason, lines_ignored";

    /// <param name="fingerprint">The file's content identity.</param>
    /// <param name="originalName">The file's name, for the record.</param>
    /// <param name="instance">This worker instance's name.</param>
    /// <param name="lease">How long the claim holds without renewal.</param>
    /// <param name="ownerIsGone">Tells whether the instance holding a live claim is known to be dead (a process of
    /// this machine that no longer exists), so its claim is taken over at once rather than at the lease's end.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    public async Task<FileClaim> ClaimAsync(
        FileFingerprint fingerprint, string originalName, string instance, Duration lease, CancellationToken cancellationToken, Func<string, bool>? ownerIsGone = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        // A live claim can vanish between our insert and our look (it was quarantined): look again.
        for (var attempt = 0; ; attempt++)
        {
            var claim = await TryClaimAsync(fingerprint, originalName, instance, lease, ownerIsGone, cancellationToken);
            if (claim is not null)
            {
                LogClaim(logger, claim.FileId, originalName, fingerprint.Hex, claim.Status, instance);
                return claim;
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"Could not settle a claim on {originalName} ({fingerprint}) after {attempt} attempts.");
            }
        }
    }

    /// <summary>Extends the lease while a long file is processed; false when the claim was lost.</summary>
    public async Task<bool> RenewLeaseAsync(long fileId, string instance, Duration lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE intake.files SET lease_expires_at = @until WHERE file_id = @id AND claimed_by = @instance AND status = 'processing'");
        command.Parameters.AddWithValue("until", clock.GetCurrentInstant() + lease);
        command.Parameters.AddWithValue("id", fileId);
        command.Parameters.AddWithValue("instance", instance);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Marks the file processed inside the caller's transaction (the one that wrote its lines). Throws
    /// <see cref="ClaimLostException"/> when another instance took the claim over, so the caller rolls back.
    /// </summary>
    public async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, string instance, FileCounts counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        await using var command = new NpgsqlCommand(
            """
            UPDATE intake.files SET status = 'processed', kind = @kind, finished_at = @now, lease_expires_at = NULL,
                lines_total = @total, lines_ok = @ok, lines_rejected = @rejected, lines_duplicate = @duplicate, lines_ignored = @ignored
            WHERE file_id = @id AND claimed_by = @instance AND status = 'processing'
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("kind", counts.Kind);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("total", counts.LinesTotal);
        command.Parameters.AddWithValue("ok", counts.LinesOk);
        command.Parameters.AddWithValue("rejected", counts.LinesRejected);
        command.Parameters.AddWithValue("duplicate", counts.LinesDuplicate);
        command.Parameters.AddWithValue("ignored", counts.LinesIgnored);
        command.Parameters.AddWithValue("id", fileId);
        command.Parameters.AddWithValue("instance", instance);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ClaimLostException($"File {fileId} is no longer claimed by {instance}; its work is rolled back.");
        }
    }

    /// <summary>The file cannot be read at all: recorded with the reason; the same content may be dropped again once fixed.</summary>
    public async Task<bool> QuarantineAsync(long fileId, string instance, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE intake.files SET status = 'quarantined', reason = @reason, finished_at = @now, lease_expires_at = NULL
            WHERE file_id = @id AND claimed_by = @instance AND status = 'processing'
            """);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("id", fileId);
        command.Parameters.AddWithValue("instance", instance);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IntakeFile?> FindAsync(long fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM intake.files WHERE file_id = @id");
        command.Parameters.AddWithValue("id", fileId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task<FileClaim?> TryClaimAsync(
        FileFingerprint fingerprint, string originalName, string instance, Duration lease, Func<string, bool>? ownerIsGone, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unmoved = await FindUnmovedDeliveryAsync(connection, transaction, fingerprint, originalName, instance, lease, ownerIsGone, now, cancellationToken);
        if (unmoved is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            return unmoved;
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO intake.files (sha256, original_name, size_bytes, status, claimed_by, claimed_at, lease_expires_at)
            VALUES (@sha256, @name, @size, 'processing', @instance, @now, @until)
            ON CONFLICT (sha256) WHERE status IN ('processing', 'processed') DO NOTHING
            RETURNING file_id
            """,
            connection,
            transaction))
        {
            AddFile(insert, fingerprint, originalName, instance, now);
            insert.Parameters.AddWithValue("until", now + lease);
            if (await insert.ExecuteScalarAsync(cancellationToken) is long fileId)
            {
                await transaction.CommitAsync(cancellationToken);
                return new FileClaim(fileId, ClaimStatus.Claimed);
            }
        }

        long liveId;
        string liveStatus;
        string liveOwner;
        Instant? leaseExpiresAt;
        await using (var live = new NpgsqlCommand(
            "SELECT file_id, status, claimed_by, lease_expires_at FROM intake.files WHERE sha256 = @sha256 AND status IN ('processing', 'processed') FOR UPDATE",
            connection,
            transaction))
        {
            live.Parameters.AddWithValue("sha256", fingerprint.Sha256);
            await using var reader = await live.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            liveId = reader.GetInt64(0);
            liveStatus = reader.GetString(1);
            liveOwner = reader.GetString(2);
            leaseExpiresAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<Instant>(3);
        }

        if (liveStatus == "processed")
        {
            await using var duplicate = new NpgsqlCommand(
                """
                INSERT INTO intake.files (sha256, original_name, size_bytes, status, duplicate_of, claimed_by, claimed_at, finished_at)
                VALUES (@sha256, @name, @size, 'duplicate', @original, @instance, @now, @now)
                RETURNING file_id
                """,
                connection,
                transaction);
            AddFile(duplicate, fingerprint, originalName, instance, now);
            duplicate.Parameters.AddWithValue("original", liveId);
            var duplicateId = (long)(await duplicate.ExecuteScalarAsync(cancellationToken))!;
            await transaction.CommitAsync(cancellationToken);
            return new FileClaim(duplicateId, ClaimStatus.Duplicate, OriginalFileId: liveId);
        }

        // A live claim of this very instance is an attempt of its own that failed (a lost database connection): an
        // instance takes its files one at a time, so it takes the file again now rather than at the lease's end.
        if (leaseExpiresAt is { } expiresAt && expiresAt > now && liveOwner != instance && ownerIsGone?.Invoke(liveOwner) != true)
        {
            await transaction.CommitAsync(cancellationToken);
            return new FileClaim(liveId, ClaimStatus.ClaimedElsewhere);
        }

        // The owner stopped renewing its lease, or is known to be dead: it crashed or was killed. Nothing of the file was committed
        // (completion and lines go in one transaction), so processing it again from the start is safe.
        await using (var takeOver = new NpgsqlCommand(
            "UPDATE intake.files SET claimed_by = @instance, claimed_at = @now, lease_expires_at = @until, original_name = @name WHERE file_id = @id",
            connection,
            transaction))
        {
            takeOver.Parameters.AddWithValue("instance", instance);
            takeOver.Parameters.AddWithValue("now", now);
            takeOver.Parameters.AddWithValue("until", now + lease);
            takeOver.Parameters.AddWithValue("name", originalName);
            takeOver.Parameters.AddWithValue("id", liveId);
            await takeOver.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogTakeOver(logger, liveId, originalName, liveOwner, instance);
        return new FileClaim(liveId, ClaimStatus.Claimed, TookOverFrom: liveOwner);
    }

    /// <summary>Records where a finished delivery's file went; the file has left the inbox.</summary>
    public async Task MarkMovedAsync(long fileId, string movedTo, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE intake.files SET moved_to = @to, moved_at = @now WHERE file_id = @id AND moved_at IS NULL");
        command.Parameters.AddWithValue("to", movedTo);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("id", fileId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The same file (content and name) finished but still in the inbox is one delivery on its way out, not a second
    // delivery: its owner moves it, or — when the owner is this instance, is known dead, or let a lease's length pass
    // since it finished — the finder moves it for it.
    private static async Task<FileClaim?> FindUnmovedDeliveryAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        FileFingerprint fingerprint,
        string originalName,
        string instance,
        Duration lease,
        Func<string, bool>? ownerIsGone,
        Instant now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT file_id, status, claimed_by, finished_at, reason, duplicate_of FROM intake.files
            WHERE sha256 = @sha256 AND original_name = @name AND moved_at IS NULL AND status <> 'processing'
            ORDER BY file_id DESC
            LIMIT 1
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("sha256", fingerprint.Sha256);
        command.Parameters.AddWithValue("name", originalName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var fileId = reader.GetInt64(0);
        var status = reader.GetString(1);
        var owner = reader.GetString(2);
        var finishedAt = reader.IsDBNull(3) ? (Instant?)null : reader.GetFieldValue<Instant>(3);
        var ownerIsMoving = owner != instance && ownerIsGone?.Invoke(owner) != true && finishedAt is { } finished && finished + lease > now;
        if (ownerIsMoving)
        {
            return new FileClaim(fileId, ClaimStatus.ClaimedElsewhere);
        }

        return new FileClaim(
            fileId,
            ClaimStatus.LeftToMove,
            OriginalFileId: reader.IsDBNull(5) ? null : reader.GetInt64(5),
            TookOverFrom: owner == instance ? null : owner,
            QuarantineReason: status == "quarantined" ? (reader.IsDBNull(4) ? "quarantined" : reader.GetString(4)) : null);
    }

    private static void AddFile(NpgsqlCommand command, FileFingerprint fingerprint, string originalName, string instance, Instant now)
    {
        command.Parameters.AddWithValue("sha256", fingerprint.Sha256);
        command.Parameters.AddWithValue("name", originalName);
        command.Parameters.AddWithValue("size", fingerprint.SizeBytes);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("now", now);
    }

    private static IntakeFile Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetInt64(6),
        reader.GetString(7),
        reader.GetFieldValue<Instant>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9),
        reader.IsDBNull(10) ? null : reader.GetInt64(10),
        reader.IsDBNull(11) ? null : reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetInt64(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetInt64(14));

    [LoggerMessage(EventId = LogEvents.Intake.Claim, Level = LogLevel.Information, Message = "File {FileId} {FileName} ({Sha256}): {ClaimStatus} by {Instance}")]
    private static partial void LogClaim(ILogger logger, long fileId, string fileName, string sha256, ClaimStatus claimStatus, string instance);

    [LoggerMessage(EventId = LogEvents.Intake.ClaimTakenOver, Level = LogLevel.Warning, Message = "File {FileId} {FileName}: claim taken over from {PreviousInstance}, whose lease expired, by {Instance}")]
    private static partial void LogTakeOver(ILogger logger, long fileId, string fileName, string previousInstance, string instance);
}
