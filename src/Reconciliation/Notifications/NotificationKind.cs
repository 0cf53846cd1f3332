namespace Settlement.Reconciliation.Notifications;

/// <summary>The kinds of notification, as the outbox stores them and the webhook's body names them.</summary>
public static class NotificationKind
{
    /// <summary>An exception case was raised whose amount is at or above the configured amount for its currency.</summary>
    public const string ExceptionRaised = "exception_raised";

    /// <summary>An open dispute case must be answered within the configured number of days (or its date has passed).</summary>
    public const string DisputeDeadlineNear = "dispute_deadline_near";

    /// <summary>A card brand's chargeback ratio of a month reached its warning level or its threshold.</summary>
    public const string ChargebackRatio = "chargeback_ratio";
}
