using System.Text;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;
using Settlement.Worker.RemoteSources;

namespace Settlement.Tests.RemoteSources;

/// <summary>
/// The worker process killed with SIGKILL at each recorded point of a pull (through its fault hook), then run again:
/// every remote file is processed exactly once, and the remote action done once.
/// </summary>
public sealed class KilledPullTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const int LargeLines = 20_000;

    private readonly string _root = Directory.CreateTempSubdirectory("settlement-killed-pull-").FullName;
    private OpenSshServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await OpenSshServer.StartAsync(Cancel);

    [Theory]
    [InlineData("MidDownload")]
    [InlineData("Downloaded")]
    [InlineData("TakenIn")]
    [InlineData("BeforeRemoteAction")]
    public async Task A_worker_killed_during_a_pull_processes_each_file_exactly_once_after_restart(string killAt)
    {
        var prefix = $"k{killAt.ToLowerInvariant()}";
        // The first file is large enough to be read in several pieces, so a kill can land in the middle of it.
        var large = new StringBuilder("line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency\n");
        for (var line = 1; line <= LargeLines; line++)
        {
            large.Append(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}-0-{line},2026-11-24,B1,SETTLED,8ac7a4a1{line:D24},10.00,EUR\n");
        }

        var published = new DateTime(2026, 11, 24, 6, 0, 0, DateTimeKind.Utc);
        _server.Publish($"{prefix}/{prefix}-0.csv", large.ToString(), published);
        _server.Publish($"{prefix}/{prefix}-1.csv", SftpPullTests.SettlementFile($"{prefix}-1", 3), published.AddSeconds(1));
        _server.Publish($"{prefix}/{prefix}-2.csv", SftpPullTests.SettlementFile($"{prefix}-2", 3), published.AddSeconds(2));
        var done = _server.CreateFolder($"{prefix}-done");
        var settings = Settings(prefix, done);

        await using (var doomed = WorkerProcess.StartWith(_root, new Dictionary<string, string> { [KillSwitch.Variable] = killAt }, ["sources", "pull", "acme", .. settings]))
        {
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(120), Cancel), "the doomed pull did not end");
            // 137: killed by SIGKILL, at the point, not ended by itself.
            Assert.True(doomed.ExitCode == 137, $"exit {doomed.ExitCode}\n{doomed.Output}\n{doomed.Error}");
        }

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sources.remote_files WHERE remote_path LIKE @p AND status <> 'done'", prefix));

        await using var restarted = WorkerProcess.Start(_root, ["sources", "pull", "acme", .. settings]);
        Assert.True(await restarted.WaitForExitAsync(TimeSpan.FromSeconds(120), Cancel), "the second pull did not end");
        Assert.True(restarted.ExitCode == 0, restarted.Output + restarted.Error);

        // Each file's content processed once, with no duplicate record: the restart finished what the kill left.
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p", prefix));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE @p AND status = 'processed'", prefix));
        Assert.Equal(LargeLines + 6, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE @p", prefix));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM sources.remote_files WHERE remote_path LIKE @p AND status = 'done'", prefix));
        Assert.Equal(3, Directory.EnumerateFiles(done).Count());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.Folder, prefix)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "data", RemoteSourcesServices.StagingFolderName), "*", SearchOption.AllDirectories));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A killed worker's files may linger a moment; /tmp is cleaned by the system.
        }
    }

    private string[] Settings(string prefix, string done) =>
    [
        $"--ConnectionStrings:Settlement={database.ConnectionString}",
        $"--Settlement:Sources:acme:Host={_server.Host}",
        $"--Settlement:Sources:acme:Port={_server.Port}",
        $"--Settlement:Sources:acme:User={_server.User}",
        $"--Settlement:Sources:acme:PrivateKeyFile={_server.ClientKeyFile}",
        $"--Settlement:Sources:acme:HostKeyFingerprint={_server.HostKeyFingerprint}",
        $"--Settlement:Sources:acme:RemoteFolder={Path.Combine(_server.Folder, prefix)}",
        "--Settlement:Sources:acme:AfterTaken=move",
        $"--Settlement:Sources:acme:MoveTo={done}",
        "--Settlement:Sources:acme:StableFor=00:00:00.2",
    ];

    private async Task<long> CountAsync(string sql, string prefix)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("p", $"%{prefix}%");
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
