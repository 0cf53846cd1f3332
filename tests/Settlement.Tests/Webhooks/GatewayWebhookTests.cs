using System.Net;
using System.Text;
using Settlement.Reconciliation.Webhooks;
using Settlement.Tests.Database;
using Settlement.Tests.Gateway;
using Settlement.Tests.Simulator;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Webhooks;

/// <summary>The simulator's notifications reach the ledger through the worker's webhook endpoint, once each.</summary>
public sealed class GatewayWebhookTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_payment_is_recorded_once_when_every_notification_comes_three_times_and_the_capture_before_its_pre_authorization()
    {
        var clock = SimulatorHost.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(database.DataSource, clock);
        await using var simulator = await SimulatorHost.StartAsync(database.ConnectionString, clock, new Dictionary<string, string?>
        {
            ["Simulator:Webhooks:Url"] = receiver.WebhookUrl.ToString(),
            ["Simulator:Webhooks:Key"] = WebhookReceiver.Key,
            ["Simulator:Webhooks:Copies"] = "3",
            ["Simulator:Webhooks:ReverseBatch"] = "2",
        });

        var pa = await simulator.Client.PayAsync(PreAuthorization, Eur("100.00"));
        var capture = await simulator.Client.OperateAsync(Capture, pa.Id!, Eur("60.00"));

        var payment = await EventuallyAsync(async () => await receiver.Ledger.FindPaymentAsync(pa.Id!, Cancel) is { Transactions.Count: 2 } found ? found : null);
        Assert.Equal([(PreAuthorization, Eur("100.00")), (Capture, Eur("60.00"))], payment.Transactions.Select(leg => (leg.Type, leg.Amount)));
        Assert.Equal(capture.Id, payment.Transactions[1].Id);
        Assert.Equal(("VISA", "420000", "0000"), (payment.Details.CardBrand, payment.Details.CardBin, payment.Details.CardLast4));
        Assert.Equal(0, await receiver.Inbox.PendingCountAsync(Cancel));
        var audit = await receiver.Ledger.AuditTrailAsync(pa.Id!, Cancel);
        Assert.Equal(2, audit.Count);
        Assert.Contains(receiver.Log, line => line.Contains($"{capture.Id} 000.100.110 received (new: False)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_declined_capture_notification_changes_nothing()
    {
        var clock = SimulatorHost.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(database.DataSource, clock);
        var cipher = WebhookCipher.FromHexKey(WebhookReceiver.Key);
        using var http = new HttpClient();
        var pa = Payload("PA", Ids.Next(), null, "50.00", "000.100.110");
        var capture = Payload("CP", Ids.Next(), pa.Id, "50.00", "800.100.203");

        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, receiver, cipher.Encrypt(capture.Json)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, receiver, cipher.Encrypt(pa.Json)));

        var payment = await receiver.Ledger.FindPaymentAsync(pa.Id, Cancel);
        Assert.Equal([PreAuthorization], payment!.Transactions.Select(leg => leg.Type));
        Assert.Equal(0, await receiver.Inbox.PendingCountAsync(Cancel));
    }

    [Fact]
    public async Task A_tampered_body_a_wrong_tag_or_a_wrong_key_is_refused_logged_without_the_body_and_records_nothing()
    {
        var clock = SimulatorHost.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(database.DataSource, clock);
        var cipher = WebhookCipher.FromHexKey(WebhookReceiver.Key);
        using var http = new HttpClient();
        var db = Payload("DB", Ids.Next(), null, "10.00", "000.100.110");
        var good = cipher.Encrypt(db.Json);
        var flipped = (good.BodyHex[0] == '0' ? "1" : "0") + good.BodyHex[1..];

        var tampered = await PostAsync(http, receiver, good with { BodyHex = flipped });
        var wrongTag = await PostAsync(http, receiver, good with { TagHex = new string('0', 32) });
        var wrongKey = await PostAsync(http, receiver, WebhookCipher.FromHexKey(WebhookCipher.NewHexKey()).Encrypt(db.Json));
        var notHex = await PostAsync(http, receiver, good with { BodyHex = "zz" + good.BodyHex[2..] });
        var noTag = await PostAsync(http, receiver, good with { TagHex = string.Empty });

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            [tampered, wrongTag, wrongKey, notHex, noTag]);
        Assert.Null(await receiver.Ledger.FindPaymentAsync(db.Id, Cancel));
        Assert.Equal(5, receiver.Log.Count(line => line.Contains("refused", StringComparison.Ordinal)));
        Assert.DoesNotContain(receiver.Log, line => line.Contains(good.BodyHex[..16], StringComparison.Ordinal) || line.Contains(flipped[..16], StringComparison.Ordinal));

        // The untouched message is still accepted.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, receiver, good));
        Assert.NotNull(await receiver.Ledger.FindPaymentAsync(db.Id, Cancel));
    }

    [Fact]
    public async Task Notifications_of_other_types_are_acknowledged_and_ignored()
    {
        var clock = SimulatorHost.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(database.DataSource, clock);
        using var http = new HttpClient();

        var status = await PostAsync(http, receiver, WebhookCipher.FromHexKey(WebhookReceiver.Key).Encrypt("""{"type":"RISK","payload":{"id":"x"}}"""u8));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, await receiver.Inbox.PendingCountAsync(Cancel));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, WebhookReceiver receiver, EncryptedWebhook message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver.WebhookUrl) { Content = new StringContent(message.BodyHex, Encoding.ASCII, "text/plain") };
        if (message.IvHex.Length > 0)
        {
            request.Headers.Add(EncryptedWebhook.IvHeader, message.IvHex);
        }

        if (message.TagHex.Length > 0)
        {
            request.Headers.Add(EncryptedWebhook.TagHeader, message.TagHex);
        }

        using var response = await http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    private static (string Id, byte[] Json) Payload(string type, string id, string? referencedId, string amount, string code)
    {
        var reference = referencedId is null ? string.Empty : $"\"referencedId\":\"{referencedId}\",";
        var json = $$$"""
            {"type":"PAYMENT","payload":{"id":"{{{id}}}","paymentType":"{{{type}}}",{{{reference}}}"paymentBrand":"VISA","amount":"{{{amount}}}","currency":"EUR",
            "result":{"code":"{{{code}}}","description":"test"},"card":{"bin":"420000","last4Digits":"0000"},"timestamp":"2026-11-20 14:00:00.000+0000"}}
            """;
        return (id, Encoding.UTF8.GetBytes(json));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var found = await Eventually.FoundAsync(_ => probe(), TimeSpan.FromSeconds(20), Cancel, pollMilliseconds: 50);
        Assert.True(found is not null, "condition not met within 20 s");
        return found;
    }

    private static class Ids
    {
        public static string Next() => Guid.NewGuid().ToString("N");
    }
}
