using System.Diagnostics.Metrics;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Ingestion;

namespace Settlement.Worker.Observability;

/// <summary>
/// The worker's own instruments, under the meter <c>Settlement</c>: what an operator graphs and alerts on. Names
/// follow OpenTelemetry conventions; the Prometheus endpoint turns them into <c>settlement_files_total</c> and so on.
/// </summary>
public sealed class SettlementMetrics
{
    public const string MeterName = "Settlement";

    private readonly Counter<long> _files;
    private readonly Counter<long> _lines;
    private readonly Histogram<double> _fileSeconds;
    private readonly Counter<long> _lineOutcomes;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _sweepDecisions;
    private readonly Counter<long> _jobRuns;
    private double _lastFileLinesPerSecond;

    public SettlementMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _files = meter.CreateCounter<long>("settlement.files", "{file}", "Files taken from the drop folder or the command line, by kind and what became of them.");
        _lines = meter.CreateCounter<long>("settlement.lines", "{line}", "Lines of ingested files, by kind and result (taken, rejected, duplicate, ignored).");
        _fileSeconds = meter.CreateHistogram<double>(
            "settlement.ingestion.duration",
            "s",
            "Time to ingest one file, by kind.",
            tags: null,
            // Files take from milliseconds (a dispute file) to minutes (a million settlement lines).
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge("settlement.ingestion.lines_per_second", () => Volatile.Read(ref _lastFileLinesPerSecond), "{line}/s", "Lines per second of the last file ingested.");
        _lineOutcomes = meter.CreateCounter<long>("settlement.line_outcomes", "{line}", "Settlement lines decided by reconciliation, by outcome.");
        _operations = meter.CreateCounter<long>("settlement.operations", "{attempt}", "Executions of operation jobs, by result (succeeded, failed, retry).");
        _sweepDecisions = meter.CreateCounter<long>("settlement.sweep.decisions", "{payment}", "Capture-sweep decisions, by action.");
        _jobRuns = meter.CreateCounter<long>("settlement.job_runs", "{run}", "Scheduled job runs, by job and outcome (succeeded, failed).");
    }

    public void FileIngested(IngestionResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kind = result.Kind is { } known ? FileIngestion.KindName(known) : "unknown";
        var status = result.Status.ToString().ToLowerInvariant();
        _files.Add(1, Tag("kind", kind), Tag("status", status));
        if (result.Status != IngestionStatus.Processed)
        {
            return;
        }

        AddLines(kind, "taken", result.LinesOk - result.LinesDuplicate);
        AddLines(kind, "rejected", result.LinesRejected);
        AddLines(kind, "duplicate", result.LinesDuplicate);
        AddLines(kind, "ignored", result.LinesIgnored);
        _fileSeconds.Record(elapsed.TotalSeconds, Tag("kind", kind));
        if (elapsed > TimeSpan.Zero)
        {
            Volatile.Write(ref _lastFileLinesPerSecond, result.LinesTotal / elapsed.TotalSeconds);
        }
    }

    public void Reconciled(MatchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var (outcome, count) in run.Decided)
        {
            _lineOutcomes.Add(count, Tag("outcome", outcome.ToCode()));
        }
    }

    public void OperationAttempted(ExecutionVerdict verdict) =>
        _operations.Add(1, Tag("result", verdict switch
        {
            ExecutionVerdict.Succeeded => "succeeded",
            ExecutionVerdict.Failed => "failed",
            _ => "retry",
        }));

    public void SweepDecided(string action, long count) => _sweepDecisions.Add(count, Tag("action", action));

    public void JobRan(string job, bool succeeded) => _jobRuns.Add(1, Tag("job", job), Tag("outcome", succeeded ? "succeeded" : "failed"));

    private void AddLines(string kind, string result, long count)
    {
        if (count > 0)
        {
            _lines.Add(count, Tag("kind", kind), Tag("result", result));
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
