using Microsoft.Extensions.Options;
using NodaTime;
using System.Diagnostics;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Matching;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Ingestion;

/// <summary>
/// Watches the inbox and ingests each complete file. File-system events wake it early; a periodic scan
/// catches what events miss (network shares drop them). A file that fails stays in the inbox and is tried
/// again on a later scan.
/// </summary>
public sealed partial class DropFolderWatcher(
    IServiceProvider services,
    DropFolderPaths paths,
    IOptions<DropFolderOptions> options,
    IClock clock,
    SettlementMetrics metrics,
    ILogger<DropFolderWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(paths.Inbox);
        var settings = options.Value;
        var scanner = new InboxScanner(paths.Inbox, Duration.FromTimeSpan(settings.StableFor), settings.RequireDoneMarker);
        using var watcher = new FileSystemWatcher(paths.Inbox) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Created += (_, _) => Wake();
        watcher.Changed += (_, _) => Wake();
        watcher.Renamed += (_, _) => Wake();
        LogWatching(logger, paths.Inbox, paths.Archive, paths.Quarantine);

        // A worker killed after committing and archiving files but before reconciling them finds an empty inbox when
        // it starts again: decide what is open now rather than at the next file (found by the fault harness).
        await ReconcileAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var ready = scanner.ReadyFiles(clock.GetCurrentInstant());
            foreach (var file in ready)
            {
                await IngestOneAsync(file, stoppingToken);
                scanner.Forget(file);
            }

            if (ready.Count > 0)
            {
                await ReconcileAsync(stoppingToken);
            }

            // While a file is settling, look again once it may be stable; otherwise wait for an event or the scan.
            var pending = Directory.EnumerateFiles(paths.Inbox).Any(file => !Path.GetFileName(file).StartsWith('.'));
            var wait = pending ? Min(settings.StableFor, settings.ScanInterval) : settings.ScanInterval;
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    // Every new file can settle legs or bring the transactions that waiting lines need: decide what is open.
    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        try
        {
            await services.GetRequiredService<ReconciliationRun>().RunAsync(stoppingToken);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            // Nothing of the run was committed; the next file (or the nightly run) decides again.
            LogReconcileFailed(logger, exception);
        }
    }

    private async Task IngestOneAsync(string file, CancellationToken stoppingToken)
    {
        try
        {
            var ingestion = services.GetRequiredService<FileIngestion>();
            var started = Stopwatch.GetTimestamp();
            var result = await ingestion.IngestAsync(file, keepOriginal: false, progress: null, stoppingToken);
            metrics.FileIngested(result, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The file stays in the inbox; nothing of it was committed. The next scan tries it again.
            LogFailed(logger, exception, file);
        }
    }

    [LoggerMessage(EventId = LogEvents.DropFolder.Watching, Level = LogLevel.Information, Message = "Watching {Inbox} (archive {Archive}, quarantine {Quarantine})")]
    private static partial void LogWatching(ILogger logger, string inbox, string archive, string quarantine);

    [LoggerMessage(EventId = LogEvents.DropFolder.ReconcileFailed, Level = LogLevel.Error, Message = "Reconciliation after new files failed; it runs again after the next file")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.DropFolder.FileFailed, Level = LogLevel.Error, Message = "File {FilePath} failed and stays in the inbox for the next scan")]
    private static partial void LogFailed(ILogger logger, Exception exception, string filePath);
}
