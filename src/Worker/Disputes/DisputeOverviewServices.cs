using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Disputes;

namespace Settlement.Worker.Disputes;

/// <summary>Wires the disputes overview: its store and use case, and its settings (checked at start).</summary>
public static class DisputeOverviewServices
{
    public static IServiceCollection AddDisputeOverview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisputesOptions>()
            .Bind(configuration.GetSection(DisputesOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DisputesOptions>>(new DisputesOptionsValidation());
        services.AddSingleton<DisputeOverviewStore>();
        services.AddSingleton<DisputeOverview>();
        return services;
    }

    /// <summary>Tells each problem of the settings in its own words.</summary>
    private sealed class DisputesOptionsValidation : IValidateOptions<DisputesOptions>
    {
        public ValidateOptionsResult Validate(string? name, DisputesOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
