namespace Settlement.Worker.Notifications;

/// <summary>A delivery attempt did not reach the receiver: its job retries (<see cref="NotificationRetryFilter"/>).</summary>
public sealed class NotificationNotDeliveredException : Exception
{
    public NotificationNotDeliveredException()
    {
    }

    public NotificationNotDeliveredException(string message)
        : base(message)
    {
    }

    public NotificationNotDeliveredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
