using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.Commands;
using Settlement.Worker.Disputes;

namespace Settlement.Worker.Matching;

/// <summary>Wires matching (run after ingested files) and the report.</summary>
public static class ReconciliationServices
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MatchingSettings>()
            .Bind(configuration.GetSection(MatchingSettings.Section))
            .Validate(settings => settings.AmountToleranceMinor >= 0, "Settlement:Matching:AmountToleranceMinor must not be negative.")
            .Validate(settings => settings.AmountTolerancePercent is >= 0 and < 1, "Settlement:Matching:AmountTolerancePercent is a share: 0.005 for 0.5 %.")
            .Validate(settings => settings.FallbackWindowDays is >= 0 and <= 60, "Settlement:Matching:FallbackWindowDays must be between 0 and 60.")
            .Validate(settings => settings.MissingSettlementHorizon > settings.ExpectedSettlementLag, "Settlement:Matching:MissingSettlementHorizon must be longer than ExpectedSettlementLag.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MatchingSettings>>().Value.ToOptions());
        services.AddSingleton<SettlementMatcher>();
        services.AddSingleton<MissingSettlementAging>();
        services.AddSingleton<ReconciliationReporter>();
        services.AddSingleton<ExceptionStore>();
        services.AddSingleton<DisputeStore>();
        services.AddSingleton<Disputes.DisputeAutomation>();
        services.AddDisputeOverview(configuration);
        services.TryAddSingleton<Observability.SettlementMetrics>();
        services.AddSingleton<ReconciliationRun>();
        services.AddSingleton<Schedules.IScheduledWork, NightlyReconciliation>();
        services.AddSingleton<Schedules.IScheduledWork, MissingSettlementAgingWork>();
        return services;
    }
}
