using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Settlement.Reconciliation.Notifications;

namespace Settlement.Worker.Notifications;

/// <summary><see cref="INotificationDeliveries"/> on Hangfire: a <see cref="NotificationDeliveryJob"/> per notification, on the default queue.</summary>
public sealed class HangfireNotificationDeliveries(IBackgroundJobClient jobs) : INotificationDeliveries
{
    private const int TitleLength = 120;

    public string Enqueue(StoredNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var title = $"{notification.Kind}: {notification.Summary}";
        title = title.Length <= TitleLength ? title : string.Concat(title.AsSpan(0, TitleLength - 1), "…");
        var id = notification.Id;
        return jobs.Create(
            Job.FromExpression<NotificationDeliveryJob>(job => job.DeliverAsync(id, title, CancellationToken.None)),
            new EnqueuedState(EnqueuedState.DefaultQueue) { Reason = "notification decided" });
    }
}
