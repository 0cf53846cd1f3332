using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Webhooks;
using Settlement.Worker.Webhooks;

namespace Settlement.Worker.Simulator;

/// <summary>
/// With no gateway configured (<c>Settlement:Gateway:BaseUrl</c> empty) the worker runs the gateway
/// simulator in-process on a free loopback port, in the same database (schema <c>simulator</c>), and points
/// <c>Settlement:Gateway:*</c> at it before the host is built, so everything that reads the gateway's
/// configuration talks to the simulator without knowing. The simulator sends its webhooks back to this worker.
/// </summary>
public static class DefaultSimulator
{
    private const string Gateway = "Settlement:Gateway";

    public static WebApplicationBuilder AddDefaultGatewaySimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var gateway = builder.Configuration.GetSection(Gateway);
        if (!string.IsNullOrWhiteSpace(gateway["BaseUrl"]))
        {
            return builder;
        }

        var settings = new DefaultSimulatorSettings(
            new Uri($"http://127.0.0.1:{FreeLoopbackPort()}"),
            string.IsNullOrWhiteSpace(gateway["AccessToken"]) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : gateway["AccessToken"]!,
            GatewayOptions.IsEntityId(gateway["EntityId"]) ? gateway["EntityId"]! : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            WebhookCipher.IsKey(gateway["WebhookKey"]) ? gateway["WebhookKey"]! : WebhookCipher.NewHexKey());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{Gateway}:BaseUrl"] = settings.BaseUrl.ToString(),
            [$"{Gateway}:AccessToken"] = settings.AccessToken,
            [$"{Gateway}:EntityId"] = settings.EntityId,
            [$"{Gateway}:{nameof(WebhookOptions.WebhookKey)}"] = settings.WebhookKey,
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService<DefaultSimulatorHost>();
        return builder;
    }

    // Chosen before the host is built so the configuration can name it; freed at once for the simulator to bind.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
