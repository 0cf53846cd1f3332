using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Settlement.Worker.Health;

/// <summary>
/// Not ready until every service of the host has started: the web server listens before the scheduler, the
/// operations and the built-in simulator are up, and a worker that answers "ready" must be one that works (and that
/// stops cleanly on Ctrl-C).
/// </summary>
public sealed class StartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("stopping")
            : lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy("started")
                : HealthCheckResult.Unhealthy("starting"));
}
