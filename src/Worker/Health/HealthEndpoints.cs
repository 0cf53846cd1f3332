using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Settlement.Worker.Health;

/// <summary>
/// <c>/health/live</c> (the process runs) and <c>/health/ready</c> (it can reach its database). A ready worker with
/// something degraded (an SFTP source failing, a format profile that cannot be loaded) still answers 200, and its body
/// says what, one line per entry.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSettlementHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StartedHealthCheck>("host", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ProfilesHealthCheck>("profiles", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapSettlementHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    // The overall status first (what the default writer writes), then each entry that is not healthy with its reason.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Status}: {entry.Value.Description}"));
        return context.Response.WriteAsync(string.Join('\n', lines) + "\n");
    }
}
