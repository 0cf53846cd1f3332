using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator.AcquirerFiles;
using Settlement.GatewaySimulator.Webhooks;

namespace Settlement.GatewaySimulator;

/// <summary>
/// The simulator's composition, reusable by the program, the worker's demo mode and tests: a real Kestrel
/// server (start it on <c>http://127.0.0.1:0</c> and read <see cref="BoundAddress"/>) over its PostgreSQL state.
/// </summary>
public static class SimulatorApp
{
    internal const string MissingConnectionString = "ConnectionStrings:Simulator is required: the simulator keeps its state in PostgreSQL.";

    /// <summary>
    /// Builds the simulator from command-line arguments and the usual configuration layering
    /// (<c>ConnectionStrings:Simulator</c>, section <c>Simulator</c>, <c>Urls</c>). <paramref name="configure"/> runs
    /// last, e.g. to add configuration or replace the <see cref="IClock"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
#pragma warning disable RS0030 // The composition root is the one place that names the system clock; everything else takes IClock.
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.SectionName))
            .Validate(options => !string.IsNullOrWhiteSpace(options.AccessToken), "Simulator:AccessToken is required.")
            .Validate(options => options.EntityIds.Count > 0 && options.EntityIds.All(Reconciliation.Gateway.GatewayOptions.IsEntityId), "Simulator:EntityIds must list 32-lowercase-hex entity ids.")
            .Validate(options => options.PreAuthorizationExpiryDays > 0, "Simulator:PreAuthorizationExpiryDays must be positive.")
            .Validate(options => options.Webhooks.Validate().Count == 0, "Simulator:Webhooks: Key must be 64 hex when Url is set; MaxAttempts and Copies at least 1; delays not negative.")
            .Validate(options => options.Throttle.Validate().Count == 0, "Simulator:Throttle: RequestsPerSecond and RetryAfterSeconds must not be negative.")
            .Validate(options => options.AcquirerFiles.Validate().Count == 0, "Simulator:AcquirerFiles: rates must be between 0 and 1 and FeePercent between 0 and 100.")
            .ValidateOnStart();
        builder.Services.AddSingleton(provider =>
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString("Simulator");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new OptionsValidationException("ConnectionStrings:Simulator", typeof(string), [MissingConnectionString]);
            }

            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.UseNodaTime();
            return dataSource.Build();
        });
        builder.Services.AddSingleton<SimulatorStore>();
        builder.Services.AddSingleton<FaultInjector>();
        // Throttling and the request log go by real time, whatever IClock the simulator's transactions are stamped with.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatorRequestLog>();
        builder.Services.AddHostedService<SimulatorMigration>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        builder.Services.AddSingleton<AcquirerFileService>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGatewayApi();
        app.MapAcquirerFiles();
        return app;
    }

    /// <summary>The address Kestrel bound, e.g. <c>http://127.0.0.1:41234</c> when started on port 0.</summary>
    public static Uri BoundAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        return new Uri(addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The simulator is not started."));
    }
}
