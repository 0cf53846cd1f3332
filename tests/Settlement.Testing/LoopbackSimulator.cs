using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;

namespace Settlement.Testing;

/// <summary>
/// The gateway simulator as a real HTTP server on loopback inside the caller's process (Kestrel, the production
/// <see cref="SimulatorApp"/>), its state in PostgreSQL, its faults from <see cref="SimulatorFaults"/>; clients
/// are built through the production registration (<see cref="GatewayServiceCollectionExtensions.AddGatewayClient"/>).
/// </summary>
public sealed class LoopbackSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSimulator(WebApplication app, LoopbackSimulatorSettings settings)
    {
        _app = app;
        AccessToken = settings.AccessToken;
        EntityId = settings.EntityIds[0];
        BaseAddress = app.BoundAddress();
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public string AccessToken { get; }

    /// <summary>The first entity the token acts for.</summary>
    public string EntityId { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>What this simulator was asked and answered.</summary>
    public SimulatorRequestLog RequestLog => _app.Services.GetRequiredService<SimulatorRequestLog>();

    /// <summary>The worker settings that point it at this simulator.</summary>
    public IEnumerable<string> WorkerSettings =>
    [
        $"--Settlement:Gateway:BaseUrl={BaseAddress}",
        $"--Settlement:Gateway:AccessToken={AccessToken}",
        $"--Settlement:Gateway:EntityId={EntityId}",
    ];

    public static async Task<LoopbackSimulator> StartAsync(LoopbackSimulatorSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new List<KeyValuePair<string, string?>>
        {
            new("ConnectionStrings:Simulator", settings.ConnectionString),
            new("Simulator:AccessToken", settings.AccessToken),
        };
        configuration.AddRange(settings.EntityIds.Select((entity, i) => new KeyValuePair<string, string?>($"Simulator:EntityIds:{i.ToString(CultureInfo.InvariantCulture)}", entity)));
        if (settings.PreAuthorizationExpiryDays is { } days)
        {
            configuration.Add(new("Simulator:PreAuthorizationExpiryDays", days.ToString(CultureInfo.InvariantCulture)));
        }

        configuration.AddRange(settings.Faults.AsConfiguration());
        configuration.AddRange(settings.Extra);
        var app = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port.ToString(CultureInfo.InvariantCulture)}");
            builder.Configuration.AddInMemoryCollection(configuration);
            if (settings.Clock is { } clock)
            {
                builder.Services.AddSingleton(clock);
            }

            builder.Logging.ClearProviders();
        });
        await app.StartAsync(cancellationToken);
        return new LoopbackSimulator(app, settings);
    }

    /// <summary>
    /// Services holding a <see cref="GatewayClient"/> for this simulator's address, token and first entity, with
    /// <paramref name="configure"/> applied after; the caller disposes them.
    /// </summary>
    public ServiceProvider ClientServices(Action<GatewayOptions>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging ?? (_ => { }));
        services.AddGatewayClient(options =>
        {
            options.BaseUrl = BaseAddress;
            options.AccessToken = AccessToken;
            options.EntityId = EntityId;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
