using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Tests.Database;

/// <summary>The launcher itself, each test on its own cluster in its own folder under /tmp.</summary>
public sealed class EmbeddedPostgresTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine("/tmp", $"settlement-launcher-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}");
    private readonly List<EmbeddedPostgres> _started = [];

    private EmbeddedPostgresOptions Options => new() { DataDirectory = Path.Combine(_folder, "postgres"), Durable = false };

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Servers that own their process last, so a reused one never outlives the owner's stop.
        foreach (var server in _started.OrderBy(server => server.OwnsServer))
        {
            await server.StopAsync(CancellationToken.None);
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task First_start_creates_the_cluster_and_the_database()
    {
        var server = await StartAsync(Options);

        Assert.True(server.OwnsServer);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")));
        Assert.Equal("settlement", await ScalarAsync<string>(server.ConnectionString, "SELECT current_database()"));
    }

    [Fact]
    public async Task The_server_takes_a_quarter_of_the_memory_for_its_buffers_up_to_1_GB()
    {
        var server = await StartAsync(Options);

        var expected = EmbeddedPostgres.SharedBuffersMegabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        Assert.Equal(expected, await ScalarAsync<long>(server.ConnectionString, "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'"));
        Assert.Equal((128L, 1024L, 1024L), (EmbeddedPostgres.SharedBuffersMegabytes(256L << 20), EmbeddedPostgres.SharedBuffersMegabytes(4L << 30), EmbeddedPostgres.SharedBuffersMegabytes(64L << 30)));
    }

    [Fact]
    public async Task Data_survives_a_stop_and_a_start_of_the_same_folder()
    {
        var first = await StartAsync(Options);
        await ScalarAsync<int>(first.ConnectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42); SELECT 1");
        await first.StopAsync(TestContext.Current.CancellationToken);

        var second = await StartAsync(Options);

        Assert.True(second.OwnsServer);
        Assert.Equal(first.DataDirectory, second.DataDirectory);
        Assert.Equal(42, await ScalarAsync<int>(second.ConnectionString, "SELECT value FROM kept"));
    }

    [Fact]
    public async Task A_second_start_on_a_running_folder_reuses_the_server_and_its_stop_leaves_it_running()
    {
        var owner = await StartAsync(Options);

        var reuser = await StartAsync(Options);
        await reuser.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(reuser.OwnsServer);
        Assert.Equal(owner.Port, reuser.Port);
        Assert.Equal(1, await ScalarAsync<int>(owner.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task Stop_is_idempotent()
    {
        var server = await StartAsync(Options);

        await server.StopAsync(TestContext.Current.CancellationToken);
        await server.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "postmaster.pid")));
    }

    [Fact]
    public async Task Missing_binaries_are_reported_in_one_line()
    {
        var emptyBin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;

        var exception = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(
            () => EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = Options.DataDirectory, BinDirectory = emptyBin },
                NullLogger.Instance,
                TestContext.Current.CancellationToken));

        Assert.DoesNotContain('\n', exception.Message);
        Assert.Contains(emptyBin, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task As_root_a_folder_the_postgres_user_cannot_reach_is_replaced_by_one_under_var_lib_settlement()
    {
        Assert.SkipUnless(Environment.UserName == "root", "Only root hands the cluster to the postgres user.");
        var closed = Directory.CreateDirectory(Path.Combine(_folder, "closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var requested = Path.Combine(closed.FullName, "postgres");

        var server = await StartAsync(new EmbeddedPostgresOptions { DataDirectory = requested, Durable = false });
        try
        {
            Assert.StartsWith("/var/lib/settlement/postgres-", server.DataDirectory, StringComparison.Ordinal);
            Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "SELECT 1"));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
            Directory.Delete(server.DataDirectory, recursive: true);
            File.Delete(server.DataDirectory + ".password");
            File.Delete(server.DataDirectory + ".log");
        }
    }

    private async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options)
    {
        var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, TestContext.Current.CancellationToken);
        _started.Add(server);
        return server;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
