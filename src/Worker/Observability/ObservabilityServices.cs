using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Settlement.Worker.Observability;

/// <summary>Metrics in OpenTelemetry, scraped by Prometheus at <c>/metrics</c>: the worker's own instruments and the runtime's.</summary>
public static class ObservabilityServices
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddSettlementObservability(this IServiceCollection services)
    {
        services.TryAddSingleton<SettlementMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("settlement"))
            .WithMetrics(metrics => metrics
            .AddMeter(SettlementMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapSettlementMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }
}
