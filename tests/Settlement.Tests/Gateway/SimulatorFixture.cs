using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;
using Settlement.Tests.Database;

namespace Settlement.Tests.Gateway;

/// <summary>
/// A real simulator per test class: Kestrel on a free loopback port, its state in a fresh PostgreSQL
/// database, its time on a <see cref="FakeClock"/>. Clients are built through the production DI
/// registration (<see cref="GatewayServiceCollectionExtensions.AddGatewayClient"/>).
/// </summary>
public sealed class SimulatorFixture(PostgresServer server) : IAsyncLifetime
{
    public const string Token = "test-access-token";
    public const string EntityId = "8a8294174b7ecb28014b9699220015ca";
    public const string OtherEntityId = "8a8294184e736012014e78a7e9b1106c";

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<LoopbackSimulator> _simulators = [];

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 20, 14, 0));

    public Uri BaseUrl { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>What the clients logged, to prove no card number reaches a log.</summary>
    public ConcurrentQueue<string> ClientLog { get; } = new();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync("gateway");
        BaseUrl = await StartSimulatorAsync();
    }

    /// <summary>Starts a simulator on the fixture's database (another one after a "restart"), with these settings added.</summary>
    public async Task<Uri> StartSimulatorAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await LoopbackSimulator.StartAsync(
            new LoopbackSimulatorSettings
            {
                ConnectionString = ConnectionString,
                AccessToken = Token,
                EntityIds = [EntityId, OtherEntityId],
                PreAuthorizationExpiryDays = 7,
                Faults = new SimulatorFaults { TimeoutHold = TimeSpan.FromSeconds(20) },
                Clock = Clock,
                Extra = settings ?? new Dictionary<string, string?>(),
            },
            TestContext.Current.CancellationToken);
        _simulators.Add(simulator);
        return simulator.BaseAddress;
    }

    public async Task StopSimulatorAsync(Uri address)
    {
        var simulator = _simulators.Single(running => running.BaseAddress == address);
        await simulator.DisposeAsync();
        _simulators.Remove(simulator);
    }

    /// <summary>What the simulator at <paramref name="address"/> was asked and answered.</summary>
    public SimulatorRequestLog RequestLog(Uri address) =>
        _simulators.Single(running => running.BaseAddress == address).RequestLog;

    public GatewayClient Client(string entityId = EntityId, string token = Token, Uri? baseUrl = null, TimeSpan? paymentTimeout = null, Action<GatewayOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturedLog(ClientLog)));
        services.AddGatewayClient(options =>
        {
            options.BaseUrl = baseUrl ?? BaseUrl;
            options.AccessToken = token;
            options.EntityId = entityId;
            options.PaymentTimeout = paymentTimeout ?? TimeSpan.FromSeconds(10);
            options.QueryTimeout = TimeSpan.FromSeconds(5);
            options.QueryRetryDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider();
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return provider.GetRequiredService<GatewayClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }
    }
}
