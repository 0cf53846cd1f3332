using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Settlement.GatewaySimulator;

namespace Settlement.Harness.Infrastructure;

/// <summary>
/// The gateway simulator as an HTTP server in the harness's process, on a fixed loopback port so that it can be
/// started again with other fault rates while the workers keep its address. Its state is in the run's database.
/// </summary>
internal sealed class HarnessGateway : IAsyncDisposable
{
    public const string AccessToken = "harness-access-token";
    public const string EntityId = "8a8294174b7ecb28014b9699220015ca";

    private readonly WebApplication _app;

    private HarnessGateway(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The worker settings that point it at this gateway.</summary>
    public IEnumerable<string> WorkerSettings =>
    [
        $"--Settlement:Gateway:BaseUrl={BaseAddress}",
        $"--Settlement:Gateway:AccessToken={AccessToken}",
        $"--Settlement:Gateway:EntityId={EntityId}",
    ];

    public static async Task<HarnessGateway> StartAsync(string connectionString, int port, IReadOnlyDictionary<string, double> faultRates, int seed, TimeSpan timeoutHold)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Simulator"] = connectionString,
            ["Simulator:AccessToken"] = AccessToken,
            ["Simulator:EntityIds:0"] = EntityId,
            ["Simulator:Faults:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Simulator:Faults:TimeoutHold"] = timeoutHold.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (fault, rate) in faultRates)
        {
            settings[$"Simulator:Faults:Rates:{fault}"] = rate.ToString(CultureInfo.InvariantCulture);
        }

        var app = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return new HarnessGateway(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
