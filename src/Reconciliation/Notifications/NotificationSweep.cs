using Microsoft.Extensions.Logging;
using NodaTime;
using Settlement.Reconciliation.Disputes;

namespace Settlement.Reconciliation.Notifications;

/// <summary>
/// Decides what is worth telling (<see cref="NotificationRules"/>), stores each notification once in the outbox, and
/// enqueues a delivery job for every one that has none. A notification is in the outbox before its job exists, so a
/// crash in between leaves it without a job, and the next run enqueues it.
/// </summary>
public sealed partial class NotificationSweep(
    NotificationStore store, DisputeOverview disputes, INotificationDeliveries deliveries, IClock clock, ILogger<NotificationSweep> logger)
{
    // The ratios of this month and the last: older months are history, not a warning.
    private const int RatioMonths = 2;

    /// <summary>Runs once; null when another instance is deciding.</summary>
    public async Task<NotificationSweepResult?> RunAsync(NotificationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var held = await store.TryHoldDecisionAsync(cancellationToken);
        if (held is null)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var overview = await disputes.ReadAsync(policy.Zone, RatioMonths, policy.RatioThresholds, cancellationToken);
        var exceptions = await store.UntoldExceptionsAsync(now - policy.ExceptionLookback, cancellationToken);
        var decided = await store.RecordAsync(
            [
                .. NotificationRules.ForExceptions(exceptions, policy.ExceptionAtLeast),
                .. NotificationRules.ForDeadlines(overview.Cases, overview.Today, policy.NearDeadlineDays),
                .. NotificationRules.ForRatios(overview.Ratios),
            ],
            now,
            cancellationToken);

        var enqueued = 0;
        foreach (var notification in await store.WithoutJobAsync(cancellationToken))
        {
            await store.SetJobAsync(notification.Id, deliveries.Enqueue(notification), cancellationToken);
            enqueued++;
        }

        var result = new NotificationSweepResult(decided, enqueued);
        if (decided > 0 || enqueued > 0)
        {
            LogDecided(logger, result.Decided, result.Enqueued);
        }

        return result;
    }

    [LoggerMessage(EventId = LogEvents.Notifications.Decided, Level = LogLevel.Information, Message = "Notifications: {Decided} decided, {Enqueued} delivery jobs enqueued")]
    private static partial void LogDecided(ILogger logger, int decided, int enqueued);
}
