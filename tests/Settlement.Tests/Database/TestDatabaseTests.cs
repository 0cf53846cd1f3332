using Npgsql;

namespace Settlement.Tests.Database;

/// <summary>The databases tests get from <see cref="PostgresServer"/>.</summary>
public sealed class TestDatabaseTests(PostgresServer server, FreshDatabase database) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_fresh_database_has_the_migrations_applied()
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM pg_namespace WHERE nspname = 'ledger'");

        Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_table_made_in_one_database_is_absent_from_another()
    {
        var first = await server.CreateDatabaseAsync("isolation");
        var second = await server.CreateDatabaseAsync("isolation");

        await ExecuteAsync(first, "CREATE TABLE only_here (id int)");

        Assert.Equal(1L, await ExecuteAsync(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
        Assert.Equal(0L, await ExecuteAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
