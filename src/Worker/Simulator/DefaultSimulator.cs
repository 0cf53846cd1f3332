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
    /// <summary>
    /// The built-in simulator's entity when <c>Settlement:Gateway:EntityId</c> is not set. Fixed rather than drawn at
    /// each start: the simulator's transactions live in the database and keep their entity, and an operation must act
    /// for the entity of the payment it references (700.400.700), so payments made before a restart, or learned from
    /// an export by an <c>ingest</c> command, stay operable.
    /// </summary>
    public const string DefaultEntityId = "8a8294174b7ecb28014b9699220015ca";

    private const string Gateway = "Settlement:Gateway";

    /// <summary>The entity the built-in simulator acts for: the configured one, else <see cref="DefaultEntityId"/>.</summary>
    public static string EntityIdOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[$"{Gateway}:EntityId"];
        return GatewayOptions.IsEntityId(configured) ? configured! : DefaultEntityId;
    }

    /// <summary>
    /// Where the built-in simulator is the gateway (no <c>Settlement:Gateway:BaseUrl</c>), for the running worker and
    /// the commands alike: the <see cref="SimulatorFeed"/> that teaches it the transactions exports taken in.
    /// </summary>
    public static IServiceCollection AddSimulatorFeed(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[$"{Gateway}:BaseUrl"]))
        {
            var entityId = EntityIdOf(configuration);
            services.AddSingleton(provider => new SimulatorFeed(entityId, provider.GetRequiredService<ILogger<SimulatorFeed>>()));
        }

        return services;
    }

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
            EntityIdOf(builder.Configuration),
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
