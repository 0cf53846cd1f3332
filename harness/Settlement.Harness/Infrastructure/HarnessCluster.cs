using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Worker.Database;

namespace Settlement.Harness.Infrastructure;

/// <summary>
/// The harness's own PostgreSQL cluster (the worker's <see cref="EmbeddedPostgres"/>, durable settings) in a temp
/// folder: one fresh, migrated database per run, and a restart on the same port for the scenario that needs one.
/// </summary>
internal sealed class HarnessCluster : IAsyncDisposable
{
    private readonly EmbeddedPostgresOptions _options;
    private EmbeddedPostgres _server;

    private HarnessCluster(EmbeddedPostgresOptions options, EmbeddedPostgres server)
    {
        _options = options;
        _server = server;
    }

    public int Port => _server.Port;

    public string DataDirectory => _server.DataDirectory;

    public static async Task<HarnessCluster> StartAsync(string folder, CancellationToken cancellationToken)
    {
        var server = await ScratchPostgres.StartAsync(folder, "harness", durable: true, cancellationToken);
        // A restart takes the same port, so the workers' connection strings stay true.
        return new HarnessCluster(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres"), DatabaseName = "harness", Port = server.Port }, server);
    }

    /// <summary>Creates database <paramref name="name"/>, applies the schema, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server.AdminConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            // A name made by the harness itself (letters, digits, dashes), quoted as an identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = name }.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);
        return connectionString;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut) and starts it again on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _server.StopAsync(cancellationToken);
        NpgsqlConnection.ClearAllPools();
        _server = await EmbeddedPostgres.StartAsync(_options, NullLogger.Instance, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.DisposeAsync();
    }
}
