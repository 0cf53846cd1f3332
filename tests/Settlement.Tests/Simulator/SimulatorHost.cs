using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;
using Settlement.Tests.Gateway;

namespace Settlement.Tests.Simulator;

/// <summary>A simulator on a free loopback port with extra settings, its services reachable, and a client to it.</summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceProvider _clientServices;

    private SimulatorHost(WebApplication app, ServiceProvider clientServices)
    {
        _app = app;
        _clientServices = clientServices;
    }

    public IServiceProvider Services => _app.Services;

    public Uri BaseUrl => _app.BoundAddress();

    public GatewayClient Client => _clientServices.GetRequiredService<GatewayClient>();

    public static async Task<SimulatorHost> StartAsync(string connectionString, IClock clock, IDictionary<string, string?>? settings = null)
    {
        var app = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Simulator"] = connectionString,
                ["Simulator:AccessToken"] = SimulatorFixture.Token,
                ["Simulator:EntityIds:0"] = SimulatorFixture.EntityId,
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Services.AddSingleton(clock);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayClient(options =>
        {
            options.BaseUrl = app.BoundAddress();
            options.AccessToken = SimulatorFixture.Token;
            options.EntityId = SimulatorFixture.EntityId;
            options.PaymentTimeout = TimeSpan.FromSeconds(10);
        });
        return new SimulatorHost(app, services.BuildServiceProvider());
    }

    public static FakeClock NewClock() => new(Instant.FromUtc(2026, 11, 20, 14, 0));

    public async ValueTask DisposeAsync()
    {
        await _clientServices.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
