using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Database;
using Settlement.Worker.Database;

namespace Settlement.Testing;

/// <summary>
/// The worker's own <see cref="EmbeddedPostgres"/> started for tests, benchmarks and the harness, its data in
/// <c>postgres/</c> under a <see cref="ScratchFolder"/>.
/// </summary>
public static class ScratchPostgres
{
    /// <param name="folder">The run's folder; the cluster's data goes in its <c>postgres</c> subfolder.</param>
    /// <param name="databaseName">The database <see cref="EmbeddedPostgres.ConnectionString"/> names.</param>
    /// <param name="durable">False for tests: no fsync, nothing to keep after a crash.</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    public static Task<EmbeddedPostgres> StartAsync(string folder, string databaseName, bool durable, CancellationToken cancellationToken) =>
        EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres"), DatabaseName = databaseName, Durable = durable },
            NullLogger.Instance,
            cancellationToken);

    /// <summary>A durable cluster as <see cref="StartAsync"/> starts it, with the schema applied to <paramref name="databaseName"/>.</summary>
    public static async Task<EmbeddedPostgres> StartMigratedAsync(string folder, string databaseName, CancellationToken cancellationToken)
    {
        var server = await StartAsync(folder, databaseName, durable: true, cancellationToken);
        await SchemaMigrator.MigrateAsync(server.ConnectionString, NullLogger.Instance, cancellationToken);
        return server;
    }
}
