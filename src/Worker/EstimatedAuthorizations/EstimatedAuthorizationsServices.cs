using Microsoft.Extensions.Options;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.EstimatedAuthorizations;

/// <summary>Wires estimated authorizations: the rebill cap, the automation (after each file, and nightly as the scheduled work <c>final-amounts</c>) and the inbox of final amounts sent over HTTP.</summary>
public static class EstimatedAuthorizationsServices
{
    public static IServiceCollection AddEstimatedAuthorizations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EstimatedAuthorizationsSettings>().Bind(configuration.GetSection(EstimatedAuthorizationsSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EstimatedAuthorizationsSettings>, EstimatedAuthorizationsSettings>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<EstimatedAuthorizationsSettings>>().Value.ToCap().Value);
        services.AddSingleton<FinalAmountStore>();
        services.AddSingleton<FinalAmountAutomation>();
        services.AddSingleton<IScheduledWork>(provider => provider.GetRequiredService<FinalAmountAutomation>());
        services.AddSingleton<SubmittedFinalAmounts>();
        return services;
    }
}
