using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Operations;
using Settlement.Reconciliation.RemoteSources;

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
    private readonly Counter<long> _sourceFiles;
    private readonly Counter<long> _sourceBytes;
    private readonly Counter<long> _sourceFailures;
    private readonly ConcurrentDictionary<string, double> _sourceLastSuccess = new(StringComparer.Ordinal);
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
        _sourceFiles = meter.CreateCounter<long>("settlement.source.files", "{file}", "Remote files taken from an SFTP source, by source and what the intake made of them (processed, duplicate, quarantined).");
        _sourceBytes = meter.CreateCounter<long>("settlement.source.bytes", "By", "Bytes downloaded from an SFTP source, by source.");
        _sourceFailures = meter.CreateCounter<long>("settlement.source.failures", "{failure}", "Failed pulls of an SFTP source by kind (source_unreachable, source_key_refused, source_host_key_mismatch), and files that failed (file).");
        meter.CreateObservableGauge(
            "settlement.source.last_success",
            () => _sourceLastSuccess.Select(source => new Measurement<double>(source.Value, Tag("source", source.Key))),
            "s",
            "When this instance last pulled each SFTP source without failure, in Unix seconds.");
    }

    /// <summary>One file taken in (or refused): its kind and status, and for a processed file its lines.</summary>
    public void FileIngested(string kind, string status, IngestedLines? lines, TimeSpan elapsed)
    {
        _files.Add(1, Tag("kind", kind), Tag("status", status));
        if (lines is not { } counted)
        {
            return;
        }

        AddLines(kind, "taken", counted.Taken);
        AddLines(kind, "rejected", counted.Rejected);
        AddLines(kind, "duplicate", counted.Duplicate);
        AddLines(kind, "ignored", counted.Ignored);
        _fileSeconds.Record(elapsed.TotalSeconds, Tag("kind", kind));
        if (elapsed > TimeSpan.Zero)
        {
            Volatile.Write(ref _lastFileLinesPerSecond, counted.Total / elapsed.TotalSeconds);
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
            ExecutionVerdict.Withdrawn => "withdrawn",
            _ => "retry",
        }));

    public void SweepDecided(string action, long count) => _sweepDecisions.Add(count, Tag("action", action));

    public void JobRan(string job, bool succeeded) => _jobRuns.Add(1, Tag("job", job), Tag("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>One pull of a source: its files, bytes and failures, and when it last worked.</summary>
    public void SourcePulled(PullReport report, NodaTime.Instant now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var source = Tag("source", report.Source);
        foreach (var taken in report.Files.Where(file => file.IsTaken).GroupBy(file => file.Outcome))
        {
            _sourceFiles.Add(taken.Count(), source, Tag("outcome", taken.Key));
        }

        if (report.BytesDownloaded > 0)
        {
            _sourceBytes.Add(report.BytesDownloaded, source);
        }

        if (report.Failed > 0)
        {
            _sourceFailures.Add(report.Failed, source, Tag("kind", "file"));
        }

        if (report.Failure is { } failure)
        {
            _sourceFailures.Add(1, source, Tag("kind", failure.Kind.ToCode()));
            return;
        }

        _sourceLastSuccess[report.Source] = now.ToUnixTimeMilliseconds() / 1000.0;
    }

    private void AddLines(string kind, string result, long count)
    {
        if (count > 0)
        {
            _lines.Add(count, Tag("kind", kind), Tag("result", result));
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
