using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Tests.Database;
using Settlement.Worker.Database;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Settlement.Tests.Database;

/// <summary>
/// One PostgreSQL server for the whole test run, with a template database migrated once; tests get cheap
/// copies of it (<see cref="CreateDatabaseAsync"/>, or <see cref="FreshDatabase"/> per test class).
/// </summary>
/// <remarks>
/// With <c>SETTLEMENT_TEST_POSTGRES</c> set to an admin connection string, that server is used and only the
/// databases made here are dropped at the end. Otherwise an <see cref="EmbeddedPostgres"/> without durability
/// runs in a new folder under /tmp (reachable by the postgres user when tests run as root), deleted at the end.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string ExistingServerVariable = "SETTLEMENT_TEST_POSTGRES";

    // PostgreSQL refuses CREATE DATABASE … TEMPLATE while another session uses the template, and a copy in
    // progress is such a session.
    private readonly SemaphoreSlim _templateInUse = new(1, 1);
    private readonly List<string> _createdDatabases = [];
    private EmbeddedPostgres? _embedded;
    private string? _folder;
    private string? _adminConnectionString;
    private string? _templateName;

    /// <summary>Connects to the <c>postgres</c> database of the server, allowed to create databases.</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw new InvalidOperationException("The server is not started.");

    public async ValueTask InitializeAsync()
    {
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            _adminConnectionString = existing;
        }
        else
        {
            _folder = ScratchFolder.Create("settlement-tests");
            _embedded = await ScratchPostgres.StartAsync(_folder, "settlement", durable: false, CancellationToken.None);
            _adminConnectionString = _embedded.AdminConnectionString;
        }

        _templateName = $"settlement_template_{RandomSuffix()}";
        await ExecuteAsync($"CREATE DATABASE \"{_templateName}\"");
        _createdDatabases.Add(_templateName);

        // Not pooled: an idle pooled connection to the template would make every copy of it fail.
        var templateConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _templateName, Pooling = false }.ConnectionString;
        await SchemaMigrator.MigrateAsync(templateConnectionString, NullLogger.Instance, CancellationToken.None);
    }

    /// <summary>Creates a database copied from the migrated template and returns its connection string.</summary>
    /// <param name="hint">A word to recognise the database by in <c>\l</c>, e.g. the test class; shortened and sanitised.</param>
    public async Task<string> CreateDatabaseAsync(string? hint = null)
    {
        var name = $"t_{Sanitise(hint)}_{RandomSuffix()}";
        await _templateInUse.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_templateName}\"");
        }
        finally
        {
            _templateInUse.Release();
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates an empty database, with no migration applied, and returns its connection string.</summary>
    /// <param name="hint">A word to recognise the database by in <c>\l</c>; shortened and sanitised.</param>
    public async Task<string> CreateEmptyDatabaseAsync(string? hint = null)
    {
        var name = $"e_{Sanitise(hint)}_{RandomSuffix()}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_embedded is not null)
            {
                // The whole cluster goes: no need to drop databases one by one.
                await _embedded.StopAsync(CancellationToken.None);
                DeleteFolder(_folder);
                DeleteFolder(_embedded.DataDirectory);
            }
            else if (_adminConnectionString is not null)
            {
                string[] names;
                lock (_createdDatabases)
                {
                    names = [.. _createdDatabases];
                }

                NpgsqlConnection.ClearAllPools();
                foreach (var name in names)
                {
                    await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
            }
        }
        finally
        {
            _templateInUse.Dispose();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Sanitise(string? hint)
    {
        var word = new StringBuilder();
        foreach (var character in (hint ?? "db").ToLowerInvariant())
        {
            if (word.Length == 30)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(character) || character == '_')
            {
                word.Append(character);
            }
        }

        return word.Length == 0 ? "db" : word.ToString();
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private static void DeleteFolder(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
