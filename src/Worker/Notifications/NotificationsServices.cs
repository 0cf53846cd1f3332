using Hangfire.States;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Notifications;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Notifications;

/// <summary>
/// Wires notifications: the outbox, the decision the <c>notifications</c> schedule runs, and their delivery as
/// Hangfire jobs with their own retries (the Hangfire server of the operations runs them, on its default queue).
/// </summary>
public static class NotificationsServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationsOptions>().Bind(configuration.GetSection(NotificationsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationsOptions>>(new NotificationsOptionsValidation());
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<INotificationDeliveries, HangfireNotificationDeliveries>();
        services.AddSingleton<NotificationSweep>();
        // Picked up by the operations' Hangfire configuration with every other state filter registered as a service.
        services.AddSingleton<IElectStateFilter, NotificationRetryFilter>();
        services.AddSingleton(provider =>
        {
            var webhook = provider.GetRequiredService<IOptions<NotificationsOptions>>().Value.Webhook;
            return webhook.Url is { } url
                ? new NotificationWebhook(url, webhook.Secret!, webhook.Timeout)
                : throw new InvalidOperationException($"{NotificationsOptions.Section}:Webhook:Url is not set: notifications cannot be delivered.");
        });
        // No resilience handler: a failed attempt is the job's to retry, durably, not the HTTP client's.
        services.AddHttpClient<NotificationDelivery>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddTransient<NotificationDeliveryJob>();
        services.AddSingleton<IScheduledWork, NotificationsWork>();
        return services;
    }

    private sealed class NotificationsOptionsValidation : IValidateOptions<NotificationsOptions>
    {
        public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
