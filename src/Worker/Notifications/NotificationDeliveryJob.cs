using Hangfire;
using Settlement.Reconciliation.Notifications;

namespace Settlement.Worker.Notifications;

/// <summary>
/// The Hangfire job of one notification. It carries only the notification's id: the outbox row is the truth, and
/// re-running the job is safe, since a delivered notification is not sent again.
/// </summary>
public sealed class NotificationDeliveryJob(NotificationDelivery delivery)
{
    [JobDisplayName("{1} · notification {0}")]
    public async Task DeliverAsync(long notificationId, string title, CancellationToken cancellationToken)
    {
        var result = await delivery.DeliverAsync(notificationId, cancellationToken);
        if (result.Outcome == DeliveryOutcome.NotDelivered)
        {
            throw new NotificationNotDeliveredException($"notification {notificationId} not delivered: {result.Error}");
        }
    }
}
