using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// Pulls a source once: connects, carries on any file left half-way by an earlier run (of any instance), lists the
/// remote folder twice to see which files are complete, and takes each new one — claimed, downloaded to a temporary
/// name, verified, handed to the intake, then left, moved or deleted on the server. Every step is written to the
/// file's row only after it is done, so a kill anywhere leaves a row that says what is left, and the next pull
/// (on any instance) finishes it without fetching or counting anything twice.
/// </summary>
public sealed partial class RemotePull(
    RemoteFileStore store,
    IRemoteFolderConnector connector,
    IRemoteFileIntake intake,
    RemotePullWorkspace workspace,
    ILogger<RemotePull> logger,
    Action<PullPoint>? checkpoint = null)
{
    private static readonly Duration Lease = Duration.FromMinutes(2);
    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(30);

    // A checksum file is a line; anything much longer is not one.
    private const int ChecksumFileLimit = 4096;

    /// <summary>Pulls <paramref name="source"/> now; a source that cannot be used is reported (and recorded), not thrown.</summary>
    public async Task<PullReport> PullAsync(RemoteSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var files = new List<PulledFile>();
        long bytes = 0;
        try
        {
            await using var folder = await connector.ConnectAsync(source.Name, cancellationToken);
            foreach (var claim in await store.ClaimUnfinishedAsync(source.Name, workspace.Instance, Lease, workspace.OwnerIsGone, cancellationToken))
            {
                var (file, downloaded) = await CarryOnAsync(folder, source, claim, listed: false, cancellationToken);
                files.Add(file);
                bytes += downloaded;
            }

            foreach (var planned in await PlanAsync(folder, source, cancellationToken))
            {
                if (planned.Decision != FetchDecision.Take)
                {
                    files.Add(new PulledFile(planned.Entry.Name, planned.Entry.SizeBytes, OutcomeOf(planned.Decision)));
                    continue;
                }

                var claim = await store.ClaimAsync(
                    source.Name, source.PathOf(planned.Entry.Name), planned.Entry, workspace.Instance, Lease, workspace.OwnerIsGone, cancellationToken);
                switch (claim.Outcome)
                {
                    case RemoteClaimOutcome.ClaimedElsewhere:
                        files.Add(new PulledFile(planned.Entry.Name, planned.Entry.SizeBytes, "elsewhere", $"instance {claim.Row?.ClaimedBy} has it"));
                        continue;
                    case RemoteClaimOutcome.Finished:
                        files.Add(new PulledFile(planned.Entry.Name, planned.Entry.SizeBytes, "already-taken"));
                        continue;
                }

                if (claim.TookOverFrom is { } previous)
                {
                    LogTookOver(logger, source.Name, planned.Entry.Name, claim.Row!.Id, previous);
                }

                var (pulled, downloaded) = await CarryOnAsync(folder, source, claim, listed: true, cancellationToken);
                files.Add(pulled);
                bytes += downloaded;
            }
        }
        catch (RemoteSourceException failure)
        {
            await store.RecordFailureAsync(source.Name, failure.Kind, failure.Message, cancellationToken);
            LogSourceFailed(logger, source.Name, failure.Kind.ToCode(), failure.Message);
            return new PullReport(source.Name, files, bytes, failure);
        }

        var report = new PullReport(source.Name, files, bytes, null);
        await store.RecordSuccessAsync(source.Name, report.Taken, bytes, cancellationToken);
        LogPulled(logger, source.Name, report.Summary);
        return report;
    }

    /// <summary>
    /// Connects and lists what a pull would do now — which files it would take, which wait and why — and fetches,
    /// claims and records nothing.
    /// </summary>
    /// <exception cref="RemoteSourceException">The source cannot be used.</exception>
    public async Task<IReadOnlyList<PulledFile>> CheckAsync(RemoteSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var folder = await connector.ConnectAsync(source.Name, cancellationToken);
        var planned = await PlanAsync(folder, source, cancellationToken);
        return [.. planned.Select(file => new PulledFile(file.Entry.Name, file.Entry.SizeBytes, file.Decision == FetchDecision.Take ? "would-take" : OutcomeOf(file.Decision)))];
    }

    // The second listing is only waited for when a file is new: a run that finds nothing new ends at once.
    private async Task<IReadOnlyList<PlannedFile>> PlanAsync(IRemoteFolder folder, RemoteSource source, CancellationToken cancellationToken)
    {
        var first = await folder.ListAsync(source.RemoteFolder, cancellationToken);
        var data = FetchRules.DataFiles(source, first);
        var known = await store.KnownAsync(source.Name, [.. data.Select(entry => source.PathOf(entry.Name))], cancellationToken);
        var second = first;
        if (data.Any(entry => !known.ContainsKey(Key(source, entry))) && source.StableFor > Duration.Zero)
        {
            await Task.Delay(source.StableFor.ToTimeSpan(), cancellationToken);
            second = await folder.ListAsync(source.RemoteFolder, cancellationToken);
        }

        return FetchRules.Plan(
            source,
            first,
            second,
            entry => known.TryGetValue(Key(source, entry), out var status) && status is RemoteFileStatus.Taken or RemoteFileStatus.Done);
    }

    private static (string, long, Instant) Key(RemoteSource source, RemoteEntry entry) => (source.PathOf(entry.Name), entry.SizeBytes, entry.ModifiedAt);

    /// <summary>Carries a claimed row on from where it stands to done; returns what became of it and the bytes downloaded.</summary>
    /// <param name="folder">The session.</param>
    /// <param name="source">The source.</param>
    /// <param name="claim">The claim, with the row as it stood.</param>
    /// <param name="listed">Whether the file is in this run's listing (so it can be downloaded again if its staging copy is lost).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    private async Task<(PulledFile File, long Bytes)> CarryOnAsync(IRemoteFolder folder, RemoteSource source, RemoteClaim claim, bool listed, CancellationToken cancellationToken)
    {
        var row = claim.Row!;
        long bytes = 0;
        string? outcome = null;
        string? detail = null;
        try
        {
            if (row.Status == RemoteFileStatus.Downloaded && (row.LocalPath is null || !File.Exists(row.LocalPath)))
            {
                // The staging copy is gone: the intake took it (and the instance died before writing so), or the
                // folder was lost (another machine's, or cleaned). The intake's record tells which.
                if (await store.FindTakenInAsync(row.Sha256!, row.Name, row.DownloadedAt!.Value, cancellationToken) is { } takenIn)
                {
                    await store.MarkTakenAsync(row.Id, takenIn.FileId, takenIn.Status, workspace.Instance, Lease, cancellationToken);
                    row = row with { Status = RemoteFileStatus.Taken };
                    (outcome, detail) = ("finished", $"taken in earlier as intake file {takenIn.FileId} ({takenIn.Status})");
                }
                else if (listed)
                {
                    row = row with { Status = RemoteFileStatus.Downloading };
                }
                else
                {
                    return (new PulledFile(row.Name, row.SizeBytes, "pending", "its downloaded copy is gone and the server no longer lists it"), 0);
                }
            }

            if (row.Status == RemoteFileStatus.Downloading)
            {
                var download = await DownloadAsync(folder, source, row, cancellationToken);
                if (download.Failure is { } failure)
                {
                    await store.ReleaseAsync(row.Id, workspace.Instance, cancellationToken);
                    LogDownloadRefused(logger, source.Name, row.Name, row.Id, failure);
                    return (new PulledFile(row.Name, row.SizeBytes, "failed", failure), download.Bytes);
                }

                bytes = download.Bytes;
                if (!await store.MarkDownloadedAsync(row.Id, workspace.Instance, download.Sha256!, download.LocalPath!, Lease, cancellationToken))
                {
                    return (new PulledFile(row.Name, row.SizeBytes, "elsewhere", "another instance took it over during the download"), bytes);
                }

                row = row with { Status = RemoteFileStatus.Downloaded, Sha256 = download.Sha256, LocalPath = download.LocalPath };
                checkpoint?.Invoke(PullPoint.Downloaded);
            }

            if (row.Status == RemoteFileStatus.Downloaded)
            {
                var handOver = await intake.TakeInAsync(row.LocalPath!, cancellationToken);
                if (!handOver.IsFinal)
                {
                    // Another instance is taking the same content in right now; the next run records what became of it.
                    return (new PulledFile(row.Name, row.SizeBytes, "pending", handOver.Summary), bytes);
                }

                checkpoint?.Invoke(PullPoint.TakenIn);
                await store.MarkTakenAsync(row.Id, handOver.IntakeFileId, handOver.Status, workspace.Instance, Lease, cancellationToken);
                RemoveStaging(row.LocalPath!);
                row = row with { Status = RemoteFileStatus.Taken };
                (outcome, detail) = (handOver.Status, handOver.Summary);
            }

            checkpoint?.Invoke(PullPoint.BeforeRemoteAction);
            var action = await ApplyAfterTakenAsync(folder, source, row, cancellationToken);
            await store.MarkDoneAsync(row.Id, action, cancellationToken);
            return (new PulledFile(row.Name, row.SizeBytes, outcome ?? "finished", detail ?? $"taken in earlier; {action} now"), bytes);
        }
        catch (Exception exception) when (exception is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            // This file only: the session is fine (a broken session is a RemoteSourceException). The next run tries again.
            LogFileFailed(logger, exception, source.Name, row.Name, row.Id);
            if (row.Status == RemoteFileStatus.Downloading)
            {
                await store.ReleaseAsync(row.Id, workspace.Instance, cancellationToken);
            }

            return (new PulledFile(row.Name, row.SizeBytes, "failed", exception.Message), bytes);
        }
    }

    private async Task<Download> DownloadAsync(IRemoteFolder folder, RemoteSource source, RemoteFileRow row, CancellationToken cancellationToken)
    {
        if (row.Name is "." or ".." || row.Name.Contains('/', StringComparison.Ordinal))
        {
            return Download.Refused($"'{row.Name}' cannot be a local file name", 0);
        }

        // A folder per row keeps the remote name (the intake records and archives it by name) without clashes.
        var staging = Path.Combine(workspace.StagingFolder, source.Name, row.Id.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(staging);
        foreach (var abandoned in Directory.EnumerateFiles(staging, ".*.part"))
        {
            // Left by an instance killed mid-download; the claim is ours now, and the download starts over.
            File.Delete(abandoned);
        }

        var target = Path.Combine(staging, row.Name);
        var temporary = Path.Combine(staging, $".{Guid.NewGuid():N}.part");
        long total = 0;
        byte[] sha256;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var remote = await folder.OpenReadAsync(row.RemotePath, cancellationToken))
            await using (var local = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true))
            {
                var sinceRenewal = Stopwatch.StartNew();
                var told = false;
                int read;
                while ((read = await remote.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
                {
                    await local.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    hash.AppendData(buffer, 0, read);
                    total += read;
                    if (total > row.SizeBytes)
                    {
                        break;
                    }

                    if (!told && total < row.SizeBytes)
                    {
                        told = true;
                        await local.FlushAsync(cancellationToken);
                        checkpoint?.Invoke(PullPoint.MidDownload);
                    }

                    if (sinceRenewal.Elapsed >= LeaseRenewal)
                    {
                        if (!await store.RenewAsync(row.Id, workspace.Instance, Lease, cancellationToken))
                        {
                            File.Delete(temporary);
                            return Download.Refused("another instance took it over during the download", total);
                        }

                        sinceRenewal.Restart();
                    }
                }

                await local.FlushAsync(cancellationToken);
            }

            sha256 = hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (total != row.SizeBytes)
        {
            File.Delete(temporary);
            return Download.Refused($"listed {row.SizeBytes} bytes but {(total > row.SizeBytes ? "more" : total.ToString(CultureInfo.InvariantCulture))} were read: it changed while it was fetched; the next run fetches it again", total);
        }

        if (await ChecksumProblemAsync(folder, source, row, sha256, cancellationToken) is { } problem)
        {
            File.Delete(temporary);
            return Download.Refused(problem, total);
        }

        File.Move(temporary, target, overwrite: true);
        return new Download(total, sha256, target, null);
    }

    // The source's checksum file, when it writes one beside the data file: what it says must be what was read.
    private static async Task<string?> ChecksumProblemAsync(IRemoteFolder folder, RemoteSource source, RemoteFileRow row, byte[] sha256, CancellationToken cancellationToken)
    {
        if (source.ChecksumSuffix is not { Length: > 0 } suffix)
        {
            return null;
        }

        var checksumPath = row.RemotePath + suffix;
        if (!await folder.ExistsAsync(checksumPath, cancellationToken))
        {
            return null;
        }

        string content;
        await using (var stream = await folder.OpenReadAsync(checksumPath, cancellationToken))
        {
            var buffer = new byte[ChecksumFileLimit];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            content = Encoding.ASCII.GetString(buffer, 0, length);
        }

        var expected = FetchRules.ChecksumOf(content);
        if (expected is null)
        {
            return $"{row.Name}{suffix} holds no SHA-256 (64 hex digits)";
        }

        return CryptographicOperations.FixedTimeEquals(expected, sha256)
            ? null
            : $"its SHA-256 {Convert.ToHexStringLower(sha256)} is not the {Convert.ToHexStringLower(expected)} that {row.Name}{suffix} gives: the next run fetches it again";
    }

    /// <summary>Leaves, moves or deletes the remote file (with its marker and checksum files); says which, for the row.</summary>
    private static async Task<string> ApplyAfterTakenAsync(IRemoteFolder folder, RemoteSource source, RemoteFileRow row, CancellationToken cancellationToken)
    {
        if (source.AfterTaken == AfterTaken.Leave)
        {
            return "left";
        }

        var paths = new[] { row.RemotePath, row.RemotePath + source.DoneMarkerSuffix, row.RemotePath + source.ChecksumSuffix }.Distinct(StringComparer.Ordinal);
        var acted = new List<string>();
        foreach (var path in paths)
        {
            // Gone already: an earlier attempt moved or deleted it before it could say so (or there is no such companion).
            if (!await folder.ExistsAsync(path, cancellationToken))
            {
                continue;
            }

            if (source.AfterTaken == AfterTaken.Delete)
            {
                await folder.DeleteAsync(path, cancellationToken);
                acted.Add(path);
                continue;
            }

            var name = path[(path.LastIndexOf('/') + 1)..];
            var target = RemotePath.Combine(source.MoveTo!, name);
            if (await folder.ExistsAsync(target, cancellationToken))
            {
                // Never overwrite on the server: an earlier file of the same name keeps its place.
                target = $"{target}.{row.Id.ToString(CultureInfo.InvariantCulture)}";
            }

            await folder.RenameAsync(path, target, cancellationToken);
            acted.Add(target);
        }

        var files = acted.Count == 0 ? "(nothing was left to act on)" : string.Join(", ", acted);
        return source.AfterTaken == AfterTaken.Delete ? $"deleted {files}" : $"moved to {files}";
    }

    private static void RemoveStaging(string localPath)
    {
        var folder = Path.GetDirectoryName(localPath);
        if (folder is not null && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }

    private static string OutcomeOf(FetchDecision decision) => decision switch
    {
        FetchDecision.Take => "take",
        FetchDecision.StillWriting => "still-writing",
        FetchDecision.AwaitingMarker => "awaiting-marker",
        FetchDecision.AlreadyTaken => "already-taken",
        FetchDecision.Gone => "gone",
        _ => decision.ToString(),
    };

    private sealed record Download(long Bytes, byte[]? Sha256, string? LocalPath, string? Failure)
    {
        public static Download Refused(string reason, long bytes) => new(bytes, null, null, reason);
    }

    [LoggerMessage(EventId = LogEvents.RemoteSources.Pulled, Level = LogLevel.Information, Message = "Pulled {Source}: {Summary}")]
    private static partial void LogPulled(ILogger logger, string source, string summary);

    [LoggerMessage(EventId = LogEvents.RemoteSources.SourceFailed, Level = LogLevel.Warning, Message = "Source {Source} failed ({FailureKind}): {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string failureKind, string reason);

    [LoggerMessage(EventId = LogEvents.RemoteSources.FileNotTaken, Level = LogLevel.Warning, Message = "Source {Source}: remote file {RemoteName} (remote file {RemoteFileId}) not taken: {Reason}")]
    private static partial void LogDownloadRefused(ILogger logger, string source, string remoteName, long remoteFileId, string reason);

    [LoggerMessage(EventId = LogEvents.RemoteSources.FileFailed, Level = LogLevel.Warning, Message = "Source {Source}: remote file {RemoteName} (remote file {RemoteFileId}) failed; the next run tries again")]
    private static partial void LogFileFailed(ILogger logger, Exception exception, string source, string remoteName, long remoteFileId);

    [LoggerMessage(EventId = LogEvents.RemoteSources.FileTakenOver, Level = LogLevel.Warning, Message = "Source {Source}: remote file {RemoteName} (remote file {RemoteFileId}) taken over from {PreviousInstance}, which died or let its lease run out")]
    private static partial void LogTookOver(ILogger logger, string source, string remoteName, long remoteFileId, string previousInstance);
}
