using System.Diagnostics;
using System.Net;
using Settlement.Tests.Database;
using Settlement.Tests.Worker;

namespace Settlement.Tests.RemoteSources;

/// <summary>The running worker pulls its sources on their Quartz schedules, shows them in its metrics and health.</summary>
public sealed class ScheduledPullTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("settlement-scheduled-pull-").FullName;
    private OpenSshServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await OpenSshServer.StartAsync(Cancel);

    [Fact]
    public async Task A_scheduled_pull_takes_three_files_once_each_the_next_run_takes_nothing_and_a_new_file_is_taken_by_the_run_after()
    {
        for (var day = 1; day <= 3; day++)
        {
            _server.Publish($"scheduled-{day}.csv", SftpPullTests.SettlementFile($"scheduled-{day}", 2));
        }

        var closed = LoopbackPort.Free();
        await using var worker = WorkerProcess.Start(
            _root,
            "run",
            $"--ConnectionStrings:Settlement={database.ConnectionString}",
            "--Settlement:Schedules:TimeZone=Europe/Amsterdam",
            $"--Settlement:Sources:acme:Host={_server.Host}",
            $"--Settlement:Sources:acme:Port={_server.Port}",
            $"--Settlement:Sources:acme:User={_server.User}",
            $"--Settlement:Sources:acme:PrivateKeyFile={_server.ClientKeyFile}",
            $"--Settlement:Sources:acme:HostKeyFingerprint={_server.HostKeyFingerprint}",
            $"--Settlement:Sources:acme:RemoteFolder={_server.Folder}",
            "--Settlement:Sources:acme:Pattern=scheduled-*.csv",
            "--Settlement:Sources:acme:StableFor=00:00:00.2",
            "--Settlement:Sources:acme:Cron=0/2 * * * * ?",
            // A second source whose server is down: the worker stays ready, its health says why.
            $"--Settlement:Sources:down:Host={_server.Host}",
            $"--Settlement:Sources:down:Port={closed}",
            $"--Settlement:Sources:down:User={_server.User}",
            $"--Settlement:Sources:down:PrivateKeyFile={_server.ClientKeyFile}",
            $"--Settlement:Sources:down:HostKeyFingerprint={_server.HostKeyFingerprint}",
            "--Settlement:Sources:down:Cron=0/2 * * * * ?");
        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);

        var first = await NextRunAsync(after: 0, summary => summary.Contains("taken", StringComparison.Ordinal) && !summary.Contains(" 0 taken", StringComparison.Ordinal), worker);
        Assert.Contains("source acme: 3 taken (3 processed)", first.Summary, StringComparison.Ordinal);
        var quiet = await NextRunAsync(after: first.Id, _ => true, worker);
        Assert.StartsWith("source acme: 0 taken", quiet.Summary, StringComparison.Ordinal);

        _server.Publish("scheduled-4.csv", SftpPullTests.SettlementFile("scheduled-4", 2));
        var next = await NextRunAsync(after: quiet.Id, summary => !summary.Contains(" 0 taken", StringComparison.Ordinal), worker);

        Assert.Contains("source acme: 1 taken (1 processed)", next.Summary, StringComparison.Ordinal);
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE 'scheduled-%'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM intake.files WHERE original_name LIKE 'scheduled-%' AND status = 'processed'"));
        Assert.Equal(8, await CountAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id LIKE 'scheduled-%'"));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.Port}") };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Matches(@"settlement_source_files_total\{[^}]*outcome=""processed"",source=""acme""\} 4", metrics);
        Assert.Matches(@"settlement_source_bytes_total\{[^}]*source=""acme""\} [1-9]", metrics);
        Assert.Matches(@"settlement_source_failures_total\{[^}]*kind=""source_unreachable"",source=""down""\} [1-9]", metrics);
        Assert.Matches(@"settlement_source_last_success_seconds\{[^}]*source=""acme""\} [1-9]", metrics);

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        var body = await ready.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Matches($@"^Degraded\nsources: Degraded: source down failing since [^\n]+: cannot connect to 127\.0\.0\.1:{closed}[^\n]*\n$", body);
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
            // A stopping worker may still hold a file; /tmp is cleaned by the system.
        }
    }

    /// <summary>Waits for the first finished run of job <c>sftp-acme</c> after run <paramref name="after"/> whose summary satisfies <paramref name="wanted"/>.</summary>
    private async Task<(long Id, string Summary)> NextRunAsync(long after, Func<string, bool> wanted, WorkerProcess worker)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(90))
        {
            await using var command = database.DataSource.CreateCommand(
                "SELECT run_id, outcome, summary FROM schedules.job_runs WHERE job = 'sftp-acme' AND run_id > @after AND outcome <> 'running' ORDER BY run_id");
            command.Parameters.AddWithValue("after", after);
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                var summary = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
                Assert.True(reader.GetString(1) == "succeeded", $"run {reader.GetInt64(0)} failed: {summary}");
                if (wanted(summary))
                {
                    return (reader.GetInt64(0), summary);
                }
            }

            await Task.Delay(200, Cancel);
        }

        Assert.Fail($"no such run of sftp-acme after run {after}\n{worker.Output}\n{worker.Error}");
        return default;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
