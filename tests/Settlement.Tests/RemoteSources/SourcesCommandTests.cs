using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.RemoteSources;

/// <summary><c>sources list</c>, <c>sources check</c> and <c>sources pull</c> as an operator runs them: the worker binary, its exit code and output.</summary>
public sealed class SourcesCommandTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string Password = "never-shown-4411";

    private readonly string _root = Directory.CreateTempSubdirectory("settlement-sources-command-").FullName;
    private OpenSshServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await OpenSshServer.StartAsync(Cancel);

    [Fact]
    public async Task List_shows_each_source_and_its_schedule_but_never_its_password()
    {
        var (exit, output, error) = await RunAsync(["sources", "list", .. Settings(_server.HostKeyFingerprint), $"--Settlement:Sources:acme:Password={Password}"]);

        Assert.True(exit == 0, error);
        Assert.Contains($"acme  sftp://{_server.User}@127.0.0.1:{_server.Port}/", output, StringComparison.Ordinal);
        Assert.Contains($"host key {_server.HostKeyFingerprint} (pinned in settings)", output, StringComparison.Ordinal);
        Assert.Contains("password (set)", output, StringComparison.Ordinal);
        Assert.Contains("schedule '0 0/30 * * * ?' in UTC (job sftp-acme)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_connects_and_lists_what_would_be_taken_and_fetches_nothing()
    {
        var published = _server.Publish("checked.csv", SftpPullTests.SettlementFile("checked", 1));

        var (exit, output, error) = await RunAsync(["sources", "check", "acme", .. Settings(_server.HostKeyFingerprint)]);

        Assert.True(exit == 0, error);
        Assert.Matches(@"would-take\s+checked\.csv", output);
        Assert.Contains("1 file(s) would be taken now", output, StringComparison.Ordinal);
        Assert.True(File.Exists(published));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM sources.remote_files"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name = 'checked.csv'"));
    }

    [Fact]
    public async Task Check_against_a_changed_host_key_fails_with_one_line_that_says_so()
    {
        var other = await _server.OtherHostKeyFingerprintAsync(Cancel);

        var (exit, _, error) = await RunAsync(["sources", "check", "acme", .. Settings(other)]);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"settlement: sources check acme: source_host_key_mismatch: 127.0.0.1:{_server.Port} shows host key {_server.HostKeyFingerprint}, not the pinned {other}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull", "nope", "settlement: sources pull: no source 'nope'; the sources are: acme")]
    [InlineData("check", null, "settlement: sources check: required argument 'name' missing for command: 'check'; see 'settlement help sources check'")]
    public async Task A_source_that_is_not_configured_or_not_named_is_one_line_and_exit_1(string verb, string? name, string expected)
    {
        string[] words = name is null ? ["sources", verb] : ["sources", verb, name];

        var (exit, _, error) = await RunAsync([.. words, .. Settings(_server.HostKeyFingerprint)]);

        Assert.Equal(1, exit);
        Assert.Equal(expected, error.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string[] Settings(string hostKey) =>
    [
        $"--ConnectionStrings:Settlement={database.ConnectionString}",
        $"--Settlement:Sources:acme:Host={_server.Host}",
        $"--Settlement:Sources:acme:Port={_server.Port}",
        $"--Settlement:Sources:acme:User={_server.User}",
        $"--Settlement:Sources:acme:PrivateKeyFile={_server.ClientKeyFile}",
        $"--Settlement:Sources:acme:HostKeyFingerprint={hostKey}",
        $"--Settlement:Sources:acme:RemoteFolder={_server.Folder}",
        "--Settlement:Sources:acme:StableFor=00:00:00.2",
    ];

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments)
    {
        await using var worker = WorkerProcess.Start(_root, arguments);
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(90), Cancel), "the command did not end");
        return (worker.ExitCode, worker.Output, worker.Error);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
