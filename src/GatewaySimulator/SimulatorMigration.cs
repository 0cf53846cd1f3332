using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.GatewaySimulator;

/// <summary>Applies the schema scripts (the <c>simulator</c> schema among them) before the server listens.</summary>
internal sealed class SimulatorMigration(NpgsqlDataSource dataSource, ILogger<SimulatorMigration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        SchemaMigrator.MigrateAsync(dataSource.ConnectionString, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
