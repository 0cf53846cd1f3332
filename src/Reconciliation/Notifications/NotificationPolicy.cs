using NodaTime;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Notifications;

/// <summary>What is worth telling, as configured.</summary>
/// <param name="ExceptionAtLeast">Per currency, the amount from which a new exception is told; other currencies' are not.</param>
/// <param name="ExceptionLookback">How far back a new exception may have been raised: older ones are not news when notifications are switched on.</param>
/// <param name="NearDeadlineDays">A dispute due within this many days is told.</param>
/// <param name="RatioThresholds">The chargeback-ratio thresholds per brand.</param>
/// <param name="Zone">The merchant's time zone: which day and month it is.</param>
public sealed record NotificationPolicy(
    IReadOnlyDictionary<Currency, Money> ExceptionAtLeast, Duration ExceptionLookback, int NearDeadlineDays, RatioThresholds RatioThresholds, DateTimeZone Zone);
