using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Database;

namespace Settlement.GatewaySimulator;

/// <summary>Applies the schema scripts (the <c>simulator</c> schema among them) before the server listens.</summary>
internal sealed class SimulatorMigration(IConfiguration configuration, ILogger<SimulatorMigration> logger) : IHostedService
{
    // The configured string, not the data source's: that one no longer carries the password.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Simulator");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException("ConnectionStrings:Simulator", typeof(string), [SimulatorApp.MissingConnectionString]);
        }

        return SchemaMigrator.MigrateAsync(connectionString, logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
