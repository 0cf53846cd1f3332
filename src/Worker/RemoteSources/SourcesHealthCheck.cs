using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.RemoteSources;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// Degraded while a configured source fails (as any instance last saw it), with a line per source saying since when
/// and why; the worker stays ready, since its other work goes on.
/// </summary>
public sealed class SourcesHealthCheck(RemoteFileStore store, IOptions<RemoteSourcesOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await store.StatusAsync(cancellationToken);
        var failing = options.Value.Sources.Keys.Order(StringComparer.Ordinal)
            .Select(name => statuses.GetValueOrDefault(name))
            .Where(status => status?.FailingSince is not null)
            .Select(status => $"source {status!.Source} failing since {status.FailingSince}: {status.FailureReason}")
            .ToList();
        return failing.Count == 0
            ? HealthCheckResult.Healthy($"{options.Value.Sources.Count} SFTP source(s), none failing")
            : HealthCheckResult.Degraded(string.Join("; ", failing));
    }
}
