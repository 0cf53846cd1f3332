using Microsoft.Extensions.Options;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.CaptureBeforeExpiry;

/// <summary>Wires capture before expiry: the policy from configuration, the sweep as scheduled work, holds, the command.</summary>
public static class CaptureBeforeExpiryServices
{
    public static IServiceCollection AddCaptureBeforeExpiry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaptureBeforeExpirySettings>()
            .Bind(configuration.GetSection(CaptureBeforeExpirySettings.Section))
            .Validate(settings => settings.EnqueueParallelism is > 0 and <= 32, $"{CaptureBeforeExpirySettings.Section}:EnqueueParallelism must be between 1 and 32.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CaptureBeforeExpirySettings>>(new PolicyValidation(configuration));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CaptureBeforeExpirySettings>>().Value
            .ToPolicy(configuration[CaptureBeforeExpirySettings.TimeZoneKey]).Value);
        services.AddSingleton<CaptureSweepStore>();
        services.AddSingleton<PaymentHoldStore>();
        services.AddSingleton<CaptureSweep>();
        services.AddSingleton<IScheduledWork>(provider => provider.GetRequiredService<CaptureSweep>());
        return services;
    }

    /// <summary>The whole policy is checked at start: a bad row or zone stops the worker with the key at fault.</summary>
    private sealed class PolicyValidation(IConfiguration configuration) : IValidateOptions<CaptureBeforeExpirySettings>
    {
        public ValidateOptionsResult Validate(string? name, CaptureBeforeExpirySettings options) =>
            options.ToPolicy(configuration[CaptureBeforeExpirySettings.TimeZoneKey]).TryGetValue(out _, out var problem)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(problem);
    }
}
