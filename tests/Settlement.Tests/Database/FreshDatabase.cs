using Npgsql;

namespace Settlement.Tests.Database;

/// <summary>
/// A class fixture giving each test class its own migrated database (a copy of the template, ~50 ms), so test
/// classes never see each other's rows and running hosts need no truncation between tests.
/// </summary>
public sealed class FreshDatabase(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Our code's data source: NodaTime types mapped on this builder only, never globally.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync(TestContext.Current.TestClass?.TestClassSimpleName);
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNodaTime();
        _dataSource = builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
