using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.Gateway;
using Settlement.Tests.Gateway;

namespace Settlement.Tests.Simulator;

/// <summary>A <see cref="LoopbackSimulator"/> with extra settings on a fake clock, its services reachable, and a client to it.</summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private readonly LoopbackSimulator _simulator;
    private readonly ServiceProvider _clientServices;

    private SimulatorHost(LoopbackSimulator simulator, ServiceProvider clientServices)
    {
        _simulator = simulator;
        _clientServices = clientServices;
    }

    public IServiceProvider Services => _simulator.Services;

    public Uri BaseUrl => _simulator.BaseAddress;

    public GatewayClient Client => _clientServices.GetRequiredService<GatewayClient>();

    public static async Task<SimulatorHost> StartAsync(string connectionString, IClock clock, IDictionary<string, string?>? settings = null)
    {
        var simulator = await LoopbackSimulator.StartAsync(
            new LoopbackSimulatorSettings
            {
                ConnectionString = connectionString,
                AccessToken = SimulatorFixture.Token,
                EntityIds = [SimulatorFixture.EntityId],
                Clock = clock,
                Extra = settings ?? new Dictionary<string, string?>(),
            },
            TestContext.Current.CancellationToken);
        return new SimulatorHost(simulator, simulator.ClientServices(options => options.PaymentTimeout = TimeSpan.FromSeconds(10)));
    }

    public static FakeClock NewClock() => new(Instant.FromUtc(2026, 11, 20, 14, 0));

    public async ValueTask DisposeAsync()
    {
        await _clientServices.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
