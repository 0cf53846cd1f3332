using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.GatewaySimulator;
using Settlement.Worker.Database;
using Settlement.Worker.Webhooks;

namespace Settlement.Worker.Simulator;

/// <summary>
/// Starts the simulator once the worker's own server listens (its webhooks need the worker's address) and
/// stops it when the worker stops. Its state is in the worker's database, so it survives restarts too.
/// </summary>
internal sealed partial class DefaultSimulatorHost(
    DefaultSimulatorSettings settings,
    SettlementDatabase database,
    IServer server,
    IConfiguration configuration,
    IOptions<WebhookOptions> webhooks,
    IClock clock,
    ILoggerFactory loggers,
    ILogger<DefaultSimulatorHost> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private WebApplication? _simulator;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Simulator"] = database.ConnectionString,
            ["Simulator:AccessToken"] = settings.AccessToken,
            ["Simulator:EntityIds:0"] = settings.EntityId,
            ["Simulator:Webhooks:Url"] = new Uri(ListeningAddress.LoopbackHttp(server), webhooks.Value.WebhookPath).ToString(),
            ["Simulator:Webhooks:Key"] = settings.WebhookKey,
            // Its own lifetime lines ("Application started") would say the worker's again.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };

        // The worker's own Simulator:* settings (fault rates, acquirer file rates, …) carry over.
        foreach (var (key, value) in configuration.GetSection("Simulator").AsEnumerable())
        {
            if (value is not null && !values.ContainsKey(key))
            {
                values[key] = value;
            }
        }

        _simulator = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls(settings.BaseUrl.ToString());
            // Its lines go where the worker's go (the console, or the demo's log file), through its own filters first.
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new ForwardedLogs(loggers));
            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddSingleton(clock);
        });
        await _simulator.StartAsync(cancellationToken);
        LogStarted(logger, settings.BaseUrl, settings.EntityId);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_simulator is not null)
        {
            await _simulator.StopAsync(cancellationToken);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
            _simulator = null;
        }
    }

    private sealed class ForwardedLogs(ILoggerFactory worker) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => worker.CreateLogger(categoryName);

        // The worker's factory is the worker's to dispose.
        public void Dispose()
        {
        }
    }

    [LoggerMessage(EventId = LogEvents.BuiltInSimulator.Started, Level = LogLevel.Information, Message = "No Settlement:Gateway:BaseUrl configured: gateway simulator started at {Url} for entity {EntityId}")]
    private static partial void LogStarted(ILogger logger, Uri url, string entityId);
}
