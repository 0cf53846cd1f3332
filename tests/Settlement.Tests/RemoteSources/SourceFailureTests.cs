using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Tests.Worker;

namespace Settlement.Tests.RemoteSources;

/// <summary>A source that cannot be used is refused with a reason, an exception case and a degraded health entry; never a secret in sight.</summary>
public sealed class SourceFailureTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly IngestionFolder _folder = new(database.DataSource);
    private OpenSshServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await OpenSshServer.StartAsync(Cancel);

    [Fact]
    public async Task A_host_key_other_than_the_pinned_one_is_refused_before_logging_in_and_says_both_keys()
    {
        var pinned = await _server.OtherHostKeyFingerprintAsync(Cancel);
        _server.Publish("refused-host.csv", SftpPullTests.SettlementFile("refused-host", 1));
        using var instance = new PullingInstance(_folder, _server, source => source.HostKeyFingerprint = pinned, source: "changed-host");

        var report = await instance.PullAsync();

        var failure = Assert.IsType<RemoteSourceException>(report.Failure);
        Assert.Equal(RemoteFailureKind.HostKeyMismatch, failure.Kind);
        Assert.Contains($"shows host key {_server.HostKeyFingerprint}, not the pinned {pinned}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Accepted publickey", _server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed publickey", _server.Log, StringComparison.Ordinal);
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM intake.files WHERE original_name = 'refused-host.csv'"));
        await AssertCaseAndHealthAsync(instance, "source_host_key_mismatch", pinned);
    }

    [Fact]
    public async Task A_client_key_the_server_does_not_accept_is_refused_with_a_clear_reason()
    {
        var unknown = await _server.UnknownKeyFileAsync(Cancel);
        using var instance = new PullingInstance(_folder, _server, source => source.PrivateKeyFile = unknown, source: "wrong-key");

        var report = await instance.PullAsync();

        var failure = Assert.IsType<RemoteSourceException>(report.Failure);
        Assert.Equal(RemoteFailureKind.KeyRefused, failure.Kind);
        Assert.Contains($"refused the key {unknown}", failure.Message, StringComparison.Ordinal);
        await AssertCaseAndHealthAsync(instance, "source_key_refused", unknown);
    }

    [Fact]
    public async Task A_refused_password_is_reported_and_never_written_to_the_log_the_case_or_the_health_entry()
    {
        const string Password = "correct-horse-battery-staple-7731";
        var log = new ConcurrentQueue<string>();
        using var instance = new PullingInstance(
            _folder,
            _server,
            source =>
            {
                source.PrivateKeyFile = null;
                source.Password = Password;
            },
            log: log,
            source: "wrong-password");

        var report = await instance.PullAsync();

        var failure = Assert.IsType<RemoteSourceException>(report.Failure);
        Assert.Equal(RemoteFailureKind.KeyRefused, failure.Kind);
        Assert.Contains("refused the password", failure.Message, StringComparison.Ordinal);
        Assert.NotEmpty(log);
        Assert.DoesNotContain(log, line => line.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, failure.ToString(), StringComparison.Ordinal);
        var (summary, health) = await AssertCaseAndHealthAsync(instance, "source_key_refused", "refused the password");
        Assert.DoesNotContain(Password, summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_source_raises_one_case_for_its_failing_streak_which_the_next_success_resolves()
    {
        var closed = LoopbackPort.Free();
        using var down = new PullingInstance(_folder, _server, source => source.Port = closed, source: "down-then-up");

        Assert.Equal(RemoteFailureKind.Unreachable, (await down.PullAsync()).Failure?.Kind);
        Assert.Equal(RemoteFailureKind.Unreachable, (await down.PullAsync()).Failure?.Kind);
        await AssertCaseAndHealthAsync(down, "source_unreachable", $"cannot connect to 127.0.0.1:{closed}");

        using var up = new PullingInstance(_folder, _server, source: "down-then-up");
        var report = await up.PullAsync();

        Assert.Null(report.Failure);
        Assert.DoesNotContain("down-then-up", (await up.HealthAsync()).Description, StringComparison.Ordinal);
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM recon.exceptions WHERE subject LIKE 'source down-then-up %' AND status = 'open'"));
        Assert.Equal(1, await _folder.CountAsync("SELECT count(*) FROM recon.exceptions WHERE subject LIKE 'source down-then-up %' AND resolved_by = 'rule:sources'"));
    }

    [Fact]
    public async Task Trust_on_first_use_pins_the_first_key_seen_and_refuses_another_one_after()
    {
        using var first = new PullingInstance(_folder, _server, source =>
        {
            source.HostKeyFingerprint = null;
            source.TrustOnFirstUse = true;
        }, source: "first-use");

        Assert.Null((await first.PullAsync()).Failure);
        Assert.Equal(_server.HostKeyFingerprint, await first.Store.PinnedHostKeyAsync("first-use", Cancel));

        // The same source's server now shows another key (a second server on its address).
        await using var impostor = await OpenSshServer.StartAsync(Cancel);
        using var later = new PullingInstance(_folder, impostor, source =>
        {
            source.HostKeyFingerprint = null;
            source.TrustOnFirstUse = true;
        }, source: "first-use");
        var refused = await later.PullAsync();

        Assert.Equal(RemoteFailureKind.HostKeyMismatch, refused.Failure?.Kind);
        Assert.Contains(_server.HostKeyFingerprint, refused.Failure!.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<(string Summary, string Health)> AssertCaseAndHealthAsync(PullingInstance instance, string kind, string reasonPart)
    {
        await using var command = database.DataSource.CreateCommand("SELECT summary FROM recon.exceptions WHERE kind = @kind AND status = 'open' AND subject LIKE @subject");
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("subject", $"source {instance.Name} %");
        var summaries = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                summaries.Add(reader.GetString(0));
            }
        }

        var summary = Assert.Single(summaries);
        Assert.Contains(reasonPart, summary, StringComparison.Ordinal);
        var health = await instance.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains(reasonPart, health.Description, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', health.Description!);
        return (summary, health.Description!);
    }
}
