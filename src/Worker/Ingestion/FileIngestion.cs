using Microsoft.Extensions.Options;
using System.Globalization;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Ledger;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Simulator;

namespace Settlement.Worker.Ingestion;

/// <summary>
/// Takes one file in, the same way for the drop folder and the <c>ingest</c> command: fingerprint, claim,
/// parse as a stream, COPY the good lines, report the bad ones, mark the file processed — the lines and the
/// completion in one transaction, so a crash at any point leaves all of the file or none of it — and
/// finally move it to the archive (or quarantine).
/// </summary>
public sealed partial class FileIngestion(
    NpgsqlDataSource dataSource,
    IntakeStore intake,
    FileTransactionLoader ledgerFeed,
    DropFolderPaths paths,
    WorkerInstance instance,
    IClock clock,
    ILogger<FileIngestion> logger,
    FormatProfiles? profiles = null,
    IOptions<FileReadingOptions>? reading = null,
    SimulatorFeed? simulatorFeed = null)
{
    /// <summary>The canonical formats' dedupe namespace; profiles use their own names.</summary>
    public const string CanonicalSource = CanonicalFormats.Source;

    private readonly FormatProfiles _profiles = profiles ?? FormatProfiles.Shipped();

    private readonly int _maxFieldLength = reading?.Value.MaxFieldLength ?? FileReadOptions.DefaultMaxFieldLength;

    private static readonly Duration Lease = Duration.FromMinutes(2);
    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(30);
    private const int ProgressEvery = 10_000;

    /// <param name="path">The file.</param>
    /// <param name="keepOriginal">Leave the file where it is and archive a copy (files named on the command line).</param>
    /// <param name="progress">Told every few thousand lines.</param>
    /// <param name="cancellationToken">Stops the work; nothing of the file is committed then.</param>
    public async Task<IngestionResult> IngestAsync(string path, bool keepOriginal, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var fingerprint = await FileFingerprint.OfFileAsync(path, cancellationToken);
        var claim = await intake.ClaimAsync(fingerprint, name, instance.Name, Lease, cancellationToken, WorkerInstance.IsGone);
        var mover = new FileMover(paths.Archive, paths.Quarantine);
        switch (claim.Status)
        {
            case ClaimStatus.ClaimedElsewhere:
                return new IngestionResult(path, claim.FileId, null, IngestionStatus.Skipped, 0, 0, 0, 0, null, "another worker instance is processing this content");
            case ClaimStatus.Duplicate:
                var archived = mover.Archive(path, Today(), claim.FileId, keepOriginal);
                await intake.MarkMovedAsync(claim.FileId, archived, cancellationToken);
                LogDuplicate(logger, claim.FileId, name, claim.OriginalFileId);
                return new IngestionResult(path, claim.FileId, null, IngestionStatus.Duplicate, 0, 0, 0, 0, archived, $"same content as file {claim.OriginalFileId}");
            case ClaimStatus.LeftToMove:
                return await FinishMoveAsync(path, claim, mover, keepOriginal, cancellationToken);
        }

        // Every line logged while this file is read (parser, stager, ledger feed) carries its id.
        using var scope = FileScope(logger, claim.FileId, name);
        await using var lease = LeaseKeeper.Start(intake, claim.FileId, instance.Name, Lease, LeaseRenewal, cancellationToken);
        try
        {
            return await ProcessClaimedAsync(path, name, fingerprint, claim, mover, keepOriginal, progress, lease.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (lease.Lost && !cancellationToken.IsCancellationRequested)
        {
            throw new ClaimLostException($"File {claim.FileId} was taken over by another instance while this one worked on it; its work is rolled back.");
        }
    }

    // cancellationToken stops the work before its commit (the caller's, or the claim lost); once committed, only the
    // caller's own token (afterCommit) may stop what is left.
    private async Task<IngestionResult> ProcessClaimedAsync(
        string path,
        string name,
        FileFingerprint fingerprint,
        FileClaim claim,
        FileMover mover,
        bool keepOriginal,
        IProgress<IngestionProgress>? progress,
        CancellationToken cancellationToken,
        CancellationToken afterCommit)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        var opened = await AcquirerFileReader.OpenAsync(stream, _profiles.ReadOptions(new FileIdentity(name, fingerprint.Hex), _maxFieldLength), cancellationToken);
        if (!opened.TryGetValue(out var file, out var rejection))
        {
            await stream.DisposeAsync();
            await intake.QuarantineAsync(claim.FileId, instance.Name, rejection.Message, cancellationToken);
            var quarantined = mover.Quarantine(path, claim.FileId, rejection.Message, keepOriginal);
            await intake.MarkMovedAsync(claim.FileId, quarantined, afterCommit);
            LogQuarantined(logger, claim.FileId, name, rejection.Message);
            return new IngestionResult(path, claim.FileId, null, IngestionStatus.Quarantined, 0, 0, 0, 0, quarantined, rejection.Message);
        }

        await using (file)
        {
            // The report is written aside while the file is read, and placed beside the archived file at the end.
            Directory.CreateDirectory(paths.Archive);
            var errorsPath = PendingErrorsPath(claim.FileId);
            long total = 0;
            long rejected = 0;
            StagedCounts staged;
            await using (var errorStream = new FileStream(errorsPath, FileMode.Create, FileAccess.Write, FileShare.None))
            await using (var errors = LineErrorReport.Create(errorStream))
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await using var stager = await AcquirerLineStager.BeginAsync(connection, transaction, file.Kind, claim.FileId, file.Source, cancellationToken);
                await foreach (var line in file.ReadLinesAsync(cancellationToken))
                {
                    total++;
                    if (line.TryGetValue(out var good, out var error))
                    {
                        stager.Write(good);
                    }
                    else
                    {
                        rejected++;
                        await errors.AddAsync(error, cancellationToken);
                    }

                    if (total % ProgressEvery == 0)
                    {
                        progress?.Report(new IngestionProgress(path, total, stream.Position, stream.Length));
                    }
                }

                staged = await stager.CompleteAsync(cancellationToken);
                if (file.Kind == FileKind.Transactions)
                {
                    // A transactions export feeds the ledger through its rules; lines they refuse are bad lines too.
                    var fed = await ledgerFeed.LoadAsync(connection, transaction, claim.FileId, name, cancellationToken);
                    foreach (var (lineNumber, transactionId, refusal) in fed.Rejections)
                    {
                        await errors.AddAsync(new LineError(CanonicalLine.PhysicalLine(lineNumber), "payment_id", transactionId, refusal.Message), cancellationToken);
                    }

                    rejected += fed.Rejections.Count;
                    if (simulatorFeed is not null)
                    {
                        await simulatorFeed.LearnFileAsync(connection, transaction, claim.FileId, fed.Rejections.Select(refused => refused.LineNumber).ToHashSet(), cancellationToken);
                    }
                }

                await intake.CompleteAsync(
                    connection,
                    transaction,
                    claim.FileId,
                    instance.Name,
                    new FileCounts(KindName(file.Kind), total, total - rejected, rejected, staged.Duplicates, file.IgnoredLines),
                    cancellationToken);
                await transaction.CommitAsync(afterCommit);
            }

            progress?.Report(new IngestionProgress(path, total, stream.Length, stream.Length));
            await stream.DisposeAsync();
            var archived = mover.Archive(path, Today(), claim.FileId, keepOriginal);
            if (rejected > 0)
            {
                File.Move(errorsPath, Path.Combine(Path.GetDirectoryName(archived)!, LineErrorReport.FileNameFor(archived)), overwrite: true);
            }
            else
            {
                File.Delete(errorsPath);
            }

            await intake.MarkMovedAsync(claim.FileId, archived, afterCommit);

            LogProcessed(logger, claim.FileId, name, file.Kind, total, total - rejected, rejected, staged.Duplicates);
            return new IngestionResult(path, claim.FileId, file.Kind, IngestionStatus.Processed, total, total - rejected, rejected, staged.Duplicates, archived, null, file.IgnoredLines);
        }
    }

    private string PendingErrorsPath(long fileId) => Path.Combine(paths.Archive, $".{fileId.ToString(CultureInfo.InvariantCulture)}.errors.tmp");

    // The delivery was committed (or quarantined) by an instance that died before moving it, or whose move failed:
    // moved now as its record says, with the bad-lines report its owner wrote aside, when there is one.
    private async Task<IngestionResult> FinishMoveAsync(string path, FileClaim claim, FileMover mover, bool keepOriginal, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        string moved;
        try
        {
            moved = claim.QuarantineReason is { } reason
                ? mover.Quarantine(path, claim.FileId, reason, keepOriginal)
                : mover.Archive(path, Today(), claim.FileId, keepOriginal);
        }
        catch (FileNotFoundException)
        {
            // Another instance finished the same move first.
            return new IngestionResult(path, claim.FileId, null, IngestionStatus.Skipped, 0, 0, 0, 0, null, "another worker instance moved this file");
        }

        var finished = await intake.FindAsync(claim.FileId, cancellationToken);
        var pendingErrors = PendingErrorsPath(claim.FileId);
        if (File.Exists(pendingErrors))
        {
            if (finished?.LinesRejected > 0)
            {
                File.Move(pendingErrors, Path.Combine(Path.GetDirectoryName(moved)!, LineErrorReport.FileNameFor(moved)), overwrite: true);
            }
            else
            {
                File.Delete(pendingErrors);
            }
        }

        await intake.MarkMovedAsync(claim.FileId, moved, cancellationToken);
        LogMoveFinished(logger, claim.FileId, name, finished?.Status, claim.TookOverFrom, moved);
        return finished?.Status switch
        {
            "quarantined" => new IngestionResult(path, claim.FileId, null, IngestionStatus.Quarantined, 0, 0, 0, 0, moved, claim.QuarantineReason),
            "duplicate" => new IngestionResult(path, claim.FileId, null, IngestionStatus.Duplicate, 0, 0, 0, 0, moved, $"same content as file {claim.OriginalFileId}"),
            _ => new IngestionResult(
                path,
                claim.FileId,
                null,
                IngestionStatus.Processed,
                finished?.LinesTotal ?? 0,
                finished?.LinesOk ?? 0,
                finished?.LinesRejected ?? 0,
                0,
                moved,
                "processed earlier; its file is moved now"),
        };
    }

    public static string KindName(FileKind kind) => kind switch
    {
        FileKind.Transactions => "transactions",
        FileKind.Settlement => "settlement",
        FileKind.Chargebacks => "chargebacks",
        FileKind.FinalAmounts => "final-amounts",
        _ => kind.ToString(),
    };

    private LocalDate Today() => clock.GetCurrentInstant().InUtc().Date;

    private static readonly Func<ILogger, long, string, IDisposable?> FileScope =
        LoggerMessage.DefineScope<long, string>("FileId:{FileId} FileName:{FileName}");

    [LoggerMessage(EventId = LogEvents.Ingestion.Processed, Level = LogLevel.Information, Message = "File {FileId} {FileName}: processed as {Kind}: {Total} lines, {Ok} taken, {Rejected} rejected, {Duplicates} already known")]
    private static partial void LogProcessed(ILogger logger, long fileId, string fileName, FileKind kind, long total, long ok, long rejected, long duplicates);

    [LoggerMessage(EventId = LogEvents.Ingestion.Duplicate, Level = LogLevel.Information, Message = "File {FileId} {FileName}: duplicate of file {OriginalFileId}; archived, nothing counted")]
    private static partial void LogDuplicate(ILogger logger, long fileId, string fileName, long? originalFileId);

    [LoggerMessage(EventId = LogEvents.Ingestion.MoveFinished, Level = LogLevel.Information, Message = "File {FileId} {FileName}: {Status} earlier (by {PreviousInstance}) but left in the inbox; moved now to {MovedTo}")]
    private static partial void LogMoveFinished(ILogger logger, long fileId, string fileName, string? status, string? previousInstance, string movedTo);

    [LoggerMessage(EventId = LogEvents.Ingestion.Quarantined, Level = LogLevel.Warning, Message = "File {FileId} {FileName}: quarantined: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, long fileId, string fileName, string reason);
}
