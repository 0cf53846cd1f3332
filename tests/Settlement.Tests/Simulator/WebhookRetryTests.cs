using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Settlement.GatewaySimulator.Webhooks;
using Settlement.Reconciliation.Webhooks;
using Settlement.Tests.Database;
using Settlement.Tests.Webhooks;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Simulator;

/// <summary>The simulator keeps trying a notification the merchant did not take, then stops.</summary>
public sealed class WebhookRetryTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_notification_refused_twice_is_delivered_on_the_third_try()
    {
        var attempts = 0;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var merchant = builder.Build();
        merchant.MapPost("/hook", () => Interlocked.Increment(ref attempts) <= 2 ? Results.StatusCode(503) : Results.Ok());
        await merchant.StartAsync(Cancel);
        await using var simulator = await SimulatorHost.StartAsync(database.ConnectionString, SimulatorHost.NewClock(), new Dictionary<string, string?>
        {
            ["Simulator:Webhooks:Url"] = new Uri(Settlement.GatewaySimulator.SimulatorApp.BoundAddress(merchant), "/hook").ToString(),
            ["Simulator:Webhooks:Key"] = WebhookReceiver.Key,
            ["Simulator:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        });

        await simulator.Client.PayAsync(Debit, Eur("5.00"));

        var sender = simulator.Services.GetRequiredService<WebhookSender>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (sender.Delivered == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, Cancel);
        }

        Assert.Equal((1L, 0L, 3), (sender.Delivered, sender.Dropped, Volatile.Read(ref attempts)));
    }

    [Fact]
    public async Task A_notification_nobody_takes_is_dropped_after_the_last_try()
    {
        var attempts = 0;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var merchant = builder.Build();
        merchant.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.StatusCode((int)HttpStatusCode.InternalServerError);
        });
        await merchant.StartAsync(Cancel);
        await using var simulator = await SimulatorHost.StartAsync(database.ConnectionString, SimulatorHost.NewClock(), new Dictionary<string, string?>
        {
            ["Simulator:Webhooks:Url"] = new Uri(Settlement.GatewaySimulator.SimulatorApp.BoundAddress(merchant), "/hook").ToString(),
            ["Simulator:Webhooks:Key"] = WebhookCipher.NewHexKey(),
            ["Simulator:Webhooks:FirstRetryDelay"] = "00:00:00.010",
            ["Simulator:Webhooks:MaxAttempts"] = "3",
        });

        await simulator.Client.PayAsync(Debit, Eur("5.00"));

        var sender = simulator.Services.GetRequiredService<WebhookSender>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (sender.Dropped == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, Cancel);
        }

        Assert.Equal((0L, 1L, 3), (sender.Delivered, sender.Dropped, Volatile.Read(ref attempts)));
    }
}
