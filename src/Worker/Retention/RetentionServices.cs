using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Retention;
using Settlement.Worker.Matching;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Retention;

/// <summary>Wires the retention of old data, run nightly by the <c>retention</c> schedule.</summary>
public static class RetentionServices
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(options => new[] { options.AcquirerLines, options.FinishedOperations, options.ResolvedExceptions, options.JobRuns }.All(age => age >= TimeSpan.FromDays(1)),
                "Settlement:Retention ages must be at least one day (1.00:00:00).")
            .ValidateOnStart();
        // Lines kept shorter than matching ages legs would make legs whose settlement line was deleted look missing.
        services.AddOptions<RetentionOptions>()
            .Validate<IOptions<MatchingSettings>>(
                (options, matching) => options.AcquirerLines >= matching.Value.MissingSettlementHorizon,
                "Settlement:Retention:AcquirerLines must be at least Settlement:Matching:MissingSettlementHorizon (400 days by default).");
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<IScheduledWork, RetentionWork>();
        return services;
    }
}
