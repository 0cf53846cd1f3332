namespace Settlement.Reconciliation.Notifications;

/// <summary>The durable jobs that deliver notifications (Hangfire in the worker), with their retries.</summary>
public interface INotificationDeliveries
{
    /// <summary>Enqueues the delivery of the notification; returns the job's id.</summary>
    string Enqueue(StoredNotification notification);
}
