using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Settlement.Worker.Database;

/// <summary>
/// A private PostgreSQL cluster in a data folder, started from the server binaries on the machine: what a new
/// user gets when no connection string is configured (docs/configuration.md#database-and-data-folder).
/// </summary>
/// <remarks>
/// <para>
/// The first start runs <c>initdb</c> with a random password for the <c>settlement</c> user, kept beside the
/// cluster in <c>&lt;folder&gt;.password</c> (mode 600). The server listens on 127.0.0.1 only and makes no
/// Unix socket (its path could be too long, or unreachable for the server's user). Its log is
/// <c>&lt;folder&gt;.log</c>.
/// </para>
/// <para>
/// If the cluster's server is already running (another worker on the same folder, or one left over), it is
/// reused and left running. Otherwise it is started in its own session and stopped by <see cref="StopAsync"/>.
/// </para>
/// <para>
/// PostgreSQL refuses to run as root; as root, the programs run as the <c>postgres</c> user, which owns the
/// cluster. If that user cannot reach the requested folder (a parent folder such as <c>/root</c> is not
/// traversable), the cluster lives in <c>/var/lib/settlement/postgres-&lt;hash of the requested path&gt;</c>
/// instead; <see cref="DataDirectory"/> says where.
/// </para>
/// </remarks>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string UserName = "settlement";
    private const string SettingsFile = "settlement.conf";
    private const string RelocationRoot = "/var/lib/settlement";
    private const int ServerLogLinesInErrors = 20;

    private readonly PostgresBinaries _binaries;
    private readonly ServerAccount _account;
    private readonly ILogger _logger;
    private int _stopped;

    private EmbeddedPostgres(PostgresBinaries binaries, ServerAccount account, ILogger logger, string dataDirectory, int port, string password, string databaseName, bool ownsServer)
    {
        _binaries = binaries;
        _account = account;
        _logger = logger;
        DataDirectory = dataDirectory;
        Port = port;
        OwnsServer = ownsServer;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = UserName,
            Password = password,
            Database = databaseName,
        };
        ConnectionString = builder.ConnectionString;
        builder.Database = "postgres";
        AdminConnectionString = builder.ConnectionString;
    }

    /// <summary>Connects to <see cref="EmbeddedPostgresOptions.DatabaseName"/> as the <c>settlement</c> user over loopback TCP.</summary>
    public string ConnectionString { get; }

    /// <summary>Connects to the <c>postgres</c> database with the same credentials, e.g. to create or drop databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the cluster actually lives: the requested folder, or its relocation under <c>/var/lib/settlement</c>.</summary>
    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary><see langword="false"/> when a server already running on this data folder was reused: <see cref="StopAsync"/> then leaves it running.</summary>
    public bool OwnsServer { get; }

    /// <summary>Creates the cluster if needed, starts its server unless it is already running, and creates the database if missing.</summary>
    /// <exception cref="PostgresBinariesNotFoundException"><c>initdb</c> and <c>pg_ctl</c> are not on this machine.</exception>
    /// <exception cref="InvalidOperationException">A PostgreSQL program failed; the message carries its error output and the server log's last lines.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabaseName);

        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var account = ServerAccount.Current;
        var dataDirectory = await PlaceClusterAsync(options.DataDirectory, account, logger, cancellationToken);
        var passwordFile = dataDirectory + ".password";
        var logFile = dataDirectory + ".log";

        string password;
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            password = await ReadPasswordAsync(passwordFile, dataDirectory, cancellationToken);
        }
        else
        {
            LogCreatingCluster(logger, dataDirectory, binaries.BinDirectory);
            password = await CreateClusterAsync(binaries, account, dataDirectory, passwordFile, options.Durable, cancellationToken);
        }

        var (port, ownsServer) = await StartOrReuseServerAsync(binaries, account, logger, options, dataDirectory, logFile, cancellationToken);
        var server = new EmbeddedPostgres(binaries, account, logger, dataDirectory, port, password, options.DatabaseName, ownsServer);
        try
        {
            await server.CreateDatabaseIfMissingAsync(options.DatabaseName, cancellationToken);
        }
        catch
        {
            await server.StopAsync(CancellationToken.None);
            throw;
        }

        return server;
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: open sessions are rolled back) if this instance started it; does nothing the second time.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (!OwnsServer)
        {
            LogLeftRunning(_logger, Port, DataDirectory);
            return;
        }

        // Close our idle pooled connections first, so they end cleanly rather than break under the pool.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(AdminConnectionString));
        var result = await _account.RunAsync(_binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", "fast", "-w"], ownSession: false, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl stop failed for {DataDirectory} (exit code {result.ExitCode}): {result.Diagnostics}");
        }

        LogStopped(_logger, Port, DataDirectory);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private static async Task<string> PlaceClusterAsync(string requested, ServerAccount account, ILogger logger, CancellationToken cancellationToken)
    {
        var requestedDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(requested));
        var parent = Path.GetDirectoryName(requestedDirectory) ?? requestedDirectory;
        Directory.CreateDirectory(parent);
        if (!account.ActsForRoot || await account.CanEnterAsync(parent, cancellationToken))
        {
            return requestedDirectory;
        }

        // One stable place per requested folder, so later starts find the same cluster.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestedDirectory)))[..12];
        var relocated = Path.Combine(RelocationRoot, $"postgres-{hash}");
        Directory.CreateDirectory(RelocationRoot);
        LogRelocated(logger, requestedDirectory, parent, relocated);
        return relocated;
    }

    private static async Task<string> CreateClusterAsync(
        PostgresBinaries binaries, ServerAccount account, string dataDirectory, string passwordFile, bool durable, CancellationToken cancellationToken)
    {
        // A password file left by an initdb that failed is reused: the file and the cluster must agree.
        var password = File.Exists(passwordFile)
            ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim()
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (!File.Exists(passwordFile))
        {
            await WritePrivateFileAsync(passwordFile, password, cancellationToken);
        }

        CreatePrivateDirectory(dataDirectory);
        // As root the password file belongs to postgres too: initdb reads it as postgres, and root reads anything.
        await account.GiveAsync([dataDirectory, passwordFile], recursive: true, cancellationToken);

        List<string> arguments =
            ["-D", dataDirectory, "-U", UserName, "-E", "UTF8", "--locale=C", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}"];
        if (!durable)
        {
            // A test cluster need not be flushed to disk before it is used.
            arguments.Add("--no-sync");
        }

        var result = await account.RunAsync(binaries.Initdb, arguments, ownSession: false, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed for {dataDirectory} (exit code {result.ExitCode}): {result.Diagnostics}");
        }

        // Our settings live in their own file, rewritten at each start; postgresql.conf stays as initdb wrote it but for this line.
        await File.AppendAllTextAsync(
            Path.Combine(dataDirectory, "postgresql.conf"),
            $"{Environment.NewLine}# Settlement's embedded server: rewritten at each start from EmbeddedPostgresOptions.{Environment.NewLine}include = '{SettingsFile}'{Environment.NewLine}",
            cancellationToken);
        return password;
    }

    private static async Task<(int Port, bool OwnsServer)> StartOrReuseServerAsync(
        PostgresBinaries binaries, ServerAccount account, ILogger logger, EmbeddedPostgresOptions options, string dataDirectory, string logFile, CancellationToken cancellationToken)
    {
        if (await RunningPortAsync(binaries, account, dataDirectory, cancellationToken) is { } runningPort)
        {
            LogReused(logger, runningPort, dataDirectory);
            return (runningPort, false);
        }

        var port = options.Port ?? FreeLoopbackPort();
        await WriteSettingsAsync(dataDirectory, options.Durable, cancellationToken);
        if (!File.Exists(logFile))
        {
            await WritePrivateFileAsync(logFile, string.Empty, cancellationToken);
        }

        await account.GiveAsync([Path.Combine(dataDirectory, SettingsFile), logFile], recursive: false, cancellationToken);
        var result = await account.RunAsync(
            binaries.PgCtl,
            ["start", "-D", dataDirectory, "-w", "-t", "60", "-l", logFile, "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port}")],
            ownSession: true,
            cancellationToken);
        if (!result.Succeeded)
        {
            // Another worker may have started the same cluster a moment ago: use its server then.
            if (await RunningPortAsync(binaries, account, dataDirectory, cancellationToken) is { } racedPort)
            {
                LogReused(logger, racedPort, dataDirectory);
                return (racedPort, false);
            }

            throw new InvalidOperationException(
                $"pg_ctl start failed for {dataDirectory} on port {port} (exit code {result.ExitCode}): {result.Diagnostics}{Environment.NewLine}" +
                $"Last lines of {logFile}:{Environment.NewLine}{await TailAsync(logFile, cancellationToken)}");
        }

        LogStarted(logger, port, dataDirectory, logFile);
        return (port, true);
    }

    // The server of a folder runs when postmaster.pid is there and pg_ctl agrees (a stale file of a dead server is
    // left for pg_ctl start, which handles it). Line 4 of postmaster.pid is the port.
    private static async Task<int?> RunningPortAsync(PostgresBinaries binaries, ServerAccount account, string dataDirectory, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var status = await account.RunAsync(binaries.PgCtl, ["status", "-D", dataDirectory], ownSession: false, cancellationToken);
        if (!status.Succeeded)
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length >= 4 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new InvalidOperationException($"The server of {dataDirectory} is running but {pidFile} names no port.");
    }

    internal static long SharedBuffersMegabytes(long memoryBytes) => Math.Clamp(memoryBytes / 4 / (1024 * 1024), 128, 1024);

    private static async Task WriteSettingsAsync(string dataDirectory, bool durable, CancellationToken cancellationToken)
    {
        var settings = new StringBuilder()
            .AppendLine("# Written by Settlement's EmbeddedPostgres at each start; edits are lost.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            // No Unix socket: its path could exceed the 107-byte limit or sit where the server's user cannot write.
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 200")
            // A bulk-loading worker: a 1M-line settlement file writes about 350 MB of WAL in one transaction.
            // The default WAL buffers (4 MB at the default shared_buffers) fill every few thousand lines and the
            // loading backend then writes WAL itself; 1 GB of max_wal_size forced a checkpoint in the middle of
            // larger loads, after which every page touched again is logged whole. None of this weakens
            // durability: commits still wait for the WAL to be flushed, and every page is still protected.
            // PostgreSQL's default of 128 MB is sized for any machine: a matching run that writes a million
            // outcomes then spends seconds writing out dirty pages itself. A quarter of the memory, up to 1 GB.
            .AppendLine(CultureInfo.InvariantCulture, $"shared_buffers = {SharedBuffersMegabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)}MB")
            .AppendLine("wal_buffers = 64MB")
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("checkpoint_timeout = 15min")
            // A killed worker's running statement is otherwise carried on to its end (minutes for a big load) and
            // holds the file's uncommitted rows, blocking the restarted worker that loads the same file.
            .AppendLine("client_connection_check_interval = '2s'");
        if (!durable)
        {
            settings
                .AppendLine("# Tests only: a crash of the machine may lose or corrupt this cluster.")
                .AppendLine("fsync = off")
                .AppendLine("synchronous_commit = off")
                .AppendLine("full_page_writes = off");
        }

        await File.WriteAllTextAsync(Path.Combine(dataDirectory, SettingsFile), settings.ToString(), cancellationToken);
    }

    private async Task CreateDatabaseIfMissingAsync(string databaseName, CancellationToken cancellationToken)
    {
        // Not pooled: no idle connection to "postgres" is left behind by start-up.
        var adminConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", databaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(databaseName)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            LogDatabaseCreated(_logger, databaseName);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it between our check and our CREATE.
        }
    }

    private static async Task<string> ReadPasswordAsync(string passwordFile, string dataDirectory, CancellationToken cancellationToken) =>
        File.Exists(passwordFile)
            ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim()
            : throw new InvalidOperationException(
                $"The PostgreSQL cluster in {dataDirectory} exists but its password file {passwordFile} is missing: restore the file, or delete the cluster folder to start afresh.");

    private static async Task<string> TailAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return "(no log)";
        }

        var lines = await File.ReadAllLinesAsync(file, cancellationToken);
        return string.Join(Environment.NewLine, lines.TakeLast(ServerLogLinesInErrors));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // initdb accepts an existing empty folder only with mode 700 or 750.
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task WritePrivateFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }

    private static string QuoteIdentifier(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    [LoggerMessage(EventId = LogEvents.Database.ClusterRelocated, Level = LogLevel.Warning,
        Message = "The postgres user cannot reach {RequestedDirectory} (a folder on the way to {Parent} is not traversable by it), so the PostgreSQL cluster lives in {DataDirectory} instead")]
    private static partial void LogRelocated(ILogger logger, string requestedDirectory, string parent, string dataDirectory);

    [LoggerMessage(EventId = LogEvents.Database.ClusterCreating, Level = LogLevel.Information, Message = "Creating a PostgreSQL cluster in {DataDirectory} with the binaries in {BinDirectory}")]
    private static partial void LogCreatingCluster(ILogger logger, string dataDirectory, string binDirectory);

    [LoggerMessage(EventId = LogEvents.Database.ClusterStarted, Level = LogLevel.Information, Message = "Started PostgreSQL on 127.0.0.1:{Port} from {DataDirectory} (server log: {LogFile})")]
    private static partial void LogStarted(ILogger logger, int port, string dataDirectory, string logFile);

    [LoggerMessage(EventId = LogEvents.Database.ClusterReused, Level = LogLevel.Information, Message = "Reusing the PostgreSQL server already running on 127.0.0.1:{Port} from {DataDirectory}; it will be left running")]
    private static partial void LogReused(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(EventId = LogEvents.Database.DatabaseCreated, Level = LogLevel.Information, Message = "Created database {DatabaseName}")]
    private static partial void LogDatabaseCreated(ILogger logger, string databaseName);

    [LoggerMessage(EventId = LogEvents.Database.ClusterStopped, Level = LogLevel.Information, Message = "Stopped PostgreSQL on 127.0.0.1:{Port} ({DataDirectory})")]
    private static partial void LogStopped(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(EventId = LogEvents.Database.ClusterLeftRunning, Level = LogLevel.Information, Message = "Leaving the reused PostgreSQL server on 127.0.0.1:{Port} ({DataDirectory}) running")]
    private static partial void LogLeftRunning(ILogger logger, int port, string dataDirectory);
}
