using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Webhooks;
using Settlement.Worker.Webhooks;

namespace Settlement.Tests.Webhooks;

/// <summary>The worker's webhook endpoint and ledger, wired as the worker wires them, on a free loopback port.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Key = "6f1c3a9e0b2d4f8a7c5e1b3d9f0a2c4e6b8d0f1a3c5e7b9d1f2a4c6e8b0d2f4a";

    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<string> log)
    {
        _app = app;
        Log = log;
    }

    public Uri WebhookUrl => new(_app.BoundAddress(), "/webhooks/gateway");

    public LedgerStore Ledger => _app.Services.GetRequiredService<LedgerStore>();

    public WebhookInbox Inbox => _app.Services.GetRequiredService<WebhookInbox>();

    /// <summary>Everything logged, to prove a refused body is never written.</summary>
    public ConcurrentQueue<string> Log { get; }

    public static async Task<WebhookReceiver> StartAsync(NpgsqlDataSource dataSource, IClock clock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Settlement:Gateway:WebhookKey"] = Key });
        var log = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new CapturedLog(log));
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.AddGatewayWebhooks(builder.Configuration);
        var app = builder.Build();
        app.MapGatewayWebhooks();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new WebhookReceiver(app, log);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
