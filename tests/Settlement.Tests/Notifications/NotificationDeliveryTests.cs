using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Notifications;
using Settlement.Tests.Operations;
using Settlement.Worker.Disputes;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Notifications;

namespace Settlement.Tests.Notifications;

/// <summary>Notifications decided from real files and delivered by the worker's Hangfire jobs to a real HTTP receiver.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class NotificationDeliveryTests(OperationsHost host)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_webhook_receiver_that_is_down_for_a_while_still_gets_every_notification_once_signed()
    {
        var clock = host.Services.GetRequiredService<IClock>();
        var today = clock.GetCurrentInstant().InUtc().Date;
        var date = LocalDatePattern.Iso.Format(today);
        var brand = $"TESTCARD{_run}";
        // 121 sales of a brand of its own and one chargeback: 0.83 %, past the other brands' default warning level (0.75 %).
        var settlement = new StringBuilder("line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4\n");
        for (var line = 1; line <= 120; line++)
        {
            settlement.Append(CultureInfo.InvariantCulture, $"N-{_run}-{line},{date},B-{_run},SETTLED,,ORD-{_run}-{line},,10.00,EUR,,,,,{brand},0000\n");
        }

        // Matched to nothing: an exception of 2500.00 EUR, above the default 1000.00 EUR.
        settlement.Append(CultureInfo.InvariantCulture, $"N-{_run}-BIG,{date},B-{_run},SETTLED,,ORD-{_run}-BIG,,2500.00,EUR,,,,,{brand},0000\n");
        await IngestAsync($"settlement-{_run}.csv", settlement.ToString());
        var dispute = $"DSP-{_run}";
        await IngestAsync($"chargebacks-{_run}.csv",
            "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by\n"
            + $"{dispute},CHARGEBACK,{date},,ORD-{_run}-7,,10.00,EUR,{brand},10.4,Fraud,{LocalDatePattern.Iso.Format(today.PlusDays(2))}\n");
        await host.Services.GetRequiredService<SettlementMatcher>().MatchAsync(Cancel);
        var bigException = await host.ScalarAsync<long>(
            "SELECT exception_id FROM recon.exceptions x JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE l.line_id = @line", ("line", $"N-{_run}-BIG"));
        string[] expected = [$"exception {bigException}", $"dispute canonical/{dispute} reply-by {LocalDatePattern.Iso.Format(today.PlusDays(2))}", $"ratio {brand} {today:yyyy-MM} warning"];

        // Nobody listens on the receiver's port: every attempt is refused, and retried.
        Assert.NotNull(await SweepAsync());
        var ours = await OursAsync(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), ours.Select(item => item.Subject).Order(StringComparer.Ordinal));
        await WaitForAsync(async () => (await OursAsync(expected)).All(item => item.Attempts >= 2), "every notification refused twice");
        // Deciding again while the receiver is down adds nothing and enqueues nothing twice.
        await SweepAsync();
        Assert.Equal(ours.Select(item => item.JobId), (await OursAsync(expected)).Select(item => item.JobId));

        // It comes back, answering 500 to its first requests, then accepts.
        await using var receiver = await NotificationReceiver.StartAsync(host.NotificationPort, OperationsHost.NotificationSecret, failFirst: 3, clock);
        await WaitForAsync(async () => (await OursAsync(expected)).All(item => item.DeliveredAt is not null), "every notification delivered");
        await SweepAsync();

        var ids = ours.Select(item => item.Id).ToHashSet();
        var accepted = receiver.Accepted.Where(item => ids.Contains(item.HeaderId)).ToList();
        Assert.Equal(ids.Order(), accepted.Select(item => item.HeaderId).Order());
        Assert.All(accepted, item => Assert.True(item.SignatureValid && item.HeaderId == item.BodyId, $"notification {item.HeaderId}: signature or id wrong"));
        Assert.True(receiver.Requests > receiver.Accepted.Count, "the receiver refused some requests first");
        // No notification of anyone's reached the receiver twice.
        Assert.Equal(receiver.Accepted.Count, receiver.Accepted.Select(item => item.HeaderId).Distinct().Count());
    }

    private async Task<NotificationSweepResult?> SweepAsync()
    {
        var policy = NotificationsWork.Policy(
            host.Services.GetRequiredService<IOptions<NotificationsOptions>>().Value, host.Services.GetRequiredService<IOptions<DisputesOptions>>().Value, DateTimeZone.Utc);
        return await host.Services.GetRequiredService<NotificationSweep>().RunAsync(policy, Cancel);
    }

    private async Task<List<StoredNotification>> OursAsync(string[] subjects) =>
        [.. (await host.Services.GetRequiredService<NotificationStore>().LatestAsync(1000, Cancel)).Where(item => subjects.Contains(item.Subject)).OrderBy(item => item.Id)];

    private async Task IngestAsync(string name, string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"settlement-{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(file, content, Cancel);
        var result = await host.Services.GetRequiredService<FileIngestion>().IngestAsync(file, keepOriginal: false, progress: null, Cancel);
        Assert.Equal(IngestionStatus.Processed, result.Status);
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        if (!await Eventually.TrueAsync(_ => done(), TimeSpan.FromSeconds(90), Cancel, pollMilliseconds: 200))
        {
            Assert.Fail($"not in time: {what}");
        }
    }
}
