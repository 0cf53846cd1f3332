using System.Diagnostics;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Observability;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// Hands downloads to <see cref="FileIngestion"/>, the drop folder's own pipeline: the same claim by content, the
/// same line-level dedupe, the same archive, quarantine and bad-line reports, the same file metrics.
/// </summary>
public sealed class RemoteFileHandOver(FileIngestion ingestion, SettlementMetrics metrics) : IRemoteFileIntake
{
    public async Task<HandOver> TakeInAsync(string localPath, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await ingestion.IngestAsync(localPath, keepOriginal: false, progress: null, cancellationToken);
        metrics.FileIngested(result, Stopwatch.GetElapsedTime(started));
        var summary = result.Status switch
        {
            IngestionStatus.Processed => $"intake file {result.FileId}: {result.LinesOk} lines taken, {result.LinesRejected} rejected, {result.LinesDuplicate} already known",
            _ => $"intake file {result.FileId}: {result.Reason}",
        };
        return new HandOver(result.Status.ToString().ToLowerInvariant(), result.FileId, summary);
    }
}
