using Settlement.Worker.Observability;

namespace Settlement.Worker.Ingestion;

/// <summary>
/// An ingestion's result in the metrics' terms: the metrics know counts, not ingestion's types, so the two
/// namespaces use each other one way.
/// </summary>
public static class IngestionMetrics
{
    public static void FileIngested(this SettlementMetrics metrics, IngestionResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(result);
        var kind = result.Kind is { } known ? FileIngestion.KindName(known) : "unknown";
        var lines = result.Status == IngestionStatus.Processed
            ? new IngestedLines(result.LinesOk - result.LinesDuplicate, result.LinesRejected, result.LinesDuplicate, result.LinesIgnored, result.LinesTotal)
            : (IngestedLines?)null;
        metrics.FileIngested(kind, result.Status.ToString().ToLowerInvariant(), lines, elapsed);
    }
}
