using Microsoft.Extensions.Options;
using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Worker.Database;

/// <summary>
/// The worker's database: the configured server (<c>ConnectionStrings:Settlement</c>) or, when none is
/// configured, a private PostgreSQL cluster in the data folder that lives as long as the worker. Opened
/// once at start-up, before the host starts, and migrated to the current schema.
/// </summary>
public sealed partial class SettlementDatabase(IConfiguration configuration, IOptions<DatabaseOptions> options, ILogger<SettlementDatabase> logger) : IAsyncDisposable
{
    public const string ConnectionStringName = "Settlement";

    private const string DataDirectorySetting = "Settlement:DataDirectory";

    private EmbeddedPostgres? _embedded;
    private NpgsqlDataSource? _dataSource;

    /// <summary>The data source for all of the worker's own SQL, with NodaTime types.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not open yet.");

    /// <summary>A plain connection string (no NodaTime mapping) for libraries that open their own connections.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        var dataDirectory = Path.GetFullPath(options.Value.DataDirectory);
        if (string.IsNullOrWhiteSpace(configured))
        {
            // The embedded cluster and its password live here: a folder it cannot use is told before initdb is run.
            FolderAccess.EnsureUsable(dataDirectory, DataDirectorySetting);

            _embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions
                {
                    DataDirectory = Path.Combine(dataDirectory, "postgres"),
                    BinDirectory = options.Value.PostgresBinDirectory,
                    Port = options.Value.PostgresPort,
                },
                logger,
                cancellationToken);
            ConnectionString = _embedded.ConnectionString;
            LogEmbedded(logger, dataDirectory, _embedded.DataDirectory, _embedded.Port);
        }
        else
        {
            // With a server of its own the folder holds only the drop folder: a command that only reads the database
            // runs even where it cannot write here.
            FolderAccess.Create(dataDirectory, DataDirectorySetting);
            ConnectionString = configured;
            var server = new NpgsqlConnectionStringBuilder(configured);
            LogConfigured(logger, dataDirectory, server.Host ?? "(default host)", server.Port, server.Database ?? "(default database)");
        }

        var applied = await SchemaMigrator.MigrateAsync(ConnectionString, logger, cancellationToken);
        LogMigrated(logger, applied.Count, applied);
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNodaTime();
        _dataSource = builder.Build();
    }

    /// <summary>Closes the connections and stops the embedded server if this worker started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
            _embedded = null;
        }
    }

    [LoggerMessage(EventId = LogEvents.Database.DataFolderEmbedded, Level = LogLevel.Information, Message = "Data folder {DataDirectory}; embedded PostgreSQL in {ClusterDirectory} on 127.0.0.1:{Port}")]
    private static partial void LogEmbedded(ILogger logger, string dataDirectory, string clusterDirectory, int port);

    [LoggerMessage(EventId = LogEvents.Database.DataFolderConfigured, Level = LogLevel.Information, Message = "Data folder {DataDirectory}; PostgreSQL at {Host}:{Port}/{Database} (ConnectionStrings:Settlement)")]
    private static partial void LogConfigured(ILogger logger, string dataDirectory, string host, int port, string database);

    [LoggerMessage(EventId = LogEvents.Database.SchemaCurrent, Level = LogLevel.Information, Message = "Database schema is current; {Count} migrations applied now: {Applied}")]
    private static partial void LogMigrated(ILogger logger, int count, IReadOnlyList<string> applied);
}
