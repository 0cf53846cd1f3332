using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Notifications;
using Settlement.Tests.Database;

namespace Settlement.Tests.Notifications;

/// <summary>Deciding notifications into the outbox on a real PostgreSQL, with a recording stand-in for the delivery jobs.</summary>
public sealed class NotificationSweepTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 28, 9, 0));
    private readonly RecordedDeliveries _deliveries = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private NotificationStore Store => new(database.DataSource);

    [Fact]
    public async Task A_notification_left_without_its_job_by_a_crash_is_enqueued_by_the_next_run_and_none_is_enqueued_twice()
    {
        // As if a run had stored it and died before enqueueing its job.
        await Store.RecordAsync([new DecidedNotification(NotificationKind.ChargebackRatio, "ratio VISA 2026-11 warning", "VISA at 0.7 %", """{"brand":"VISA"}""")], _clock.GetCurrentInstant(), Cancel);

        var first = await SweepAsync();
        var second = await SweepAsync();

        Assert.Equal((0, 1), (first!.Decided, first.Enqueued));
        Assert.Equal((0, 0), (second!.Decided, second.Enqueued));
        var stored = Assert.Single(await Store.LatestAsync(10, Cancel));
        Assert.Equal([stored.Id], _deliveries.Enqueued);
        Assert.Equal($"job-{stored.Id}", stored.JobId);
    }

    private Task<NotificationSweepResult?> SweepAsync()
    {
        var overview = new DisputeOverview(new DisputeOverviewStore(database.DataSource), _clock);
        var sweep = new NotificationSweep(Store, overview, _deliveries, _clock, NullLogger<NotificationSweep>.Instance);
        var policy = new NotificationPolicy(
            new Dictionary<Currency, Money> { [Currency.Eur] = new(100_000, Currency.Eur) }, Duration.FromDays(1), 3,
            new RatioThresholds(new Dictionary<string, RatioThreshold>(), new RatioThreshold(0.0075m, 0.01m)), DateTimeZone.Utc);
        return sweep.RunAsync(policy, Cancel);
    }

    private sealed class RecordedDeliveries : INotificationDeliveries
    {
        public List<long> Enqueued { get; } = [];

        public string Enqueue(StoredNotification notification)
        {
            Enqueued.Add(notification.Id);
            return $"job-{notification.Id}";
        }
    }
}
