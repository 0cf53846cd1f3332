using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.Matching;
using Settlement.Worker.Observability;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// The scheduled pull of one source (job <c>sftp-&lt;name&gt;</c>, on the source's cron in the merchant's zone), and
/// <c>sources pull</c>: pull, count it in the metrics, then reconcile what the new files bring, as the drop folder does.
/// </summary>
/// <remarks>
/// Built from the raw settings so that the schedules can name and time it before the settings are checked; the source
/// is read from them when it runs, by which time a bad setting has stopped the start with its own message.
/// </remarks>
public sealed class SourcePullWork(
    string source, IOptions<RemoteSourcesOptions> options, RemotePull pull, ReconciliationRun reconciliation, SettlementMetrics metrics, IClock clock) : IScheduledWork
{
    public string Name => SourceOptions.JobName(source);

    public string? DefaultCron => options.Value.Sources.GetValueOrDefault(source)?.Cron;

    /// <summary>The source's name.</summary>
    public string SourceName => source;

    /// <summary>The source as its settings give it (checked at start).</summary>
    public RemoteSource Source => options.Value.Sources[source].ToRemoteSource(source).Value;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var report = await PullAsync(cancellationToken);
        if (report.Failure is { } failure)
        {
            // A failed run in the history, with the reason as its summary.
            throw new RemoteSourceException(failure.Kind, report.Summary, failure);
        }

        return report.Summary;
    }

    public async Task<PullReport> PullAsync(CancellationToken cancellationToken)
    {
        var report = await pull.PullAsync(Source, cancellationToken);
        metrics.SourcePulled(report, clock.GetCurrentInstant());
        if (report.Taken > 0)
        {
            await reconciliation.RunAsync(cancellationToken);
        }

        return report;
    }
}
