using Microsoft.Extensions.Diagnostics.HealthChecks;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Worker.Health;

/// <summary>
/// Degraded while a user profile cannot be loaded: the worker goes on with every other format, and the files only that
/// profile fits wait in quarantine, so an operator must hear of it without the worker stopping.
/// </summary>
public sealed class ProfilesHealthCheck(FormatProfiles profiles) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(profiles.Unloadable.Count == 0
            ? HealthCheckResult.Healthy($"{profiles.All.Count} format profiles loaded")
            : HealthCheckResult.Degraded(
                $"{profiles.Unloadable.Count} format profile{(profiles.Unloadable.Count == 1 ? string.Empty : "s")} could not be loaded (files only they fit wait in quarantine): "
                + string.Join(" | ", profiles.Unloadable.Select(profile => profile.Reason))));
}
