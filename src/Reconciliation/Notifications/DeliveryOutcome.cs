namespace Settlement.Reconciliation.Notifications;

/// <summary>What one delivery attempt of a notification came to.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx: the notification is delivered.</summary>
    Delivered,

    /// <summary>An earlier attempt delivered it already; nothing was sent.</summary>
    AlreadyDelivered,

    /// <summary>Not delivered (refused connection, timeout, an answer other than 2xx): to be tried again.</summary>
    NotDelivered,

    /// <summary>No such notification (deleted): nothing to do.</summary>
    Missing,
}
