using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.Notifications;
using Settlement.Worker.Disputes;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Notifications;

/// <summary><c>notifications</c>: decides what is worth telling and enqueues its delivery, every five minutes by default.</summary>
public sealed class NotificationsWork(
    NotificationSweep sweep, IOptions<NotificationsOptions> options, IOptions<DisputesOptions> disputes, IConfiguration configuration) : IScheduledWork
{
    public string Name => "notifications";

    public string? DefaultCron => "0 0/5 * * * ?";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return $"notifications are off: {NotificationsOptions.Section}:Webhook:Url is not set";
        }

        var result = await sweep.RunAsync(Policy(options.Value, disputes.Value, MerchantZone.Of(configuration)), cancellationToken);
        return result?.ToString() ?? "another instance is deciding notifications";
    }

    public static NotificationPolicy Policy(NotificationsOptions notifications, DisputesOptions disputes, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(disputes);
        return new NotificationPolicy(
            notifications.ExceptionAtLeast(), Duration.FromTimeSpan(notifications.ExceptionLookback), disputes.NearDeadlineDays, disputes.ToThresholds(), zone);
    }
}
