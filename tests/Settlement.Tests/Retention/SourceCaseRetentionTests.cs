using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Reconciliation.Retention;
using Settlement.Tests.Database;

namespace Settlement.Tests.Retention;

public sealed class SourceCaseRetentionTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_source_case_resolved_long_ago_goes_and_an_open_one_stays()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 25, 2, 0));
        var sources = new RemoteFileStore(database.DataSource, clock);
        await sources.RecordFailureAsync("recovered", RemoteFailureKind.Unreachable, "cannot connect", Cancel);
        await sources.RecordFailureAsync("recovered", RemoteFailureKind.Unreachable, "cannot connect", Cancel);
        await sources.RecordSuccessAsync("recovered", 0, 0, Cancel);
        await sources.RecordFailureAsync("still-down", RemoteFailureKind.KeyRefused, "refused the key", Cancel);
        clock.Advance(Duration.FromDays(500));

        var run = await new RetentionStore(database.DataSource, clock, NullLogger<RetentionStore>.Instance)
            .DeleteAsync(new RetentionPolicy(Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(90), Duration.FromDays(400)).CutoffsAt(clock.GetCurrentInstant()), Cancel);

        Assert.Equal(1L, run.Exceptions);
        await using var command = database.DataSource.CreateCommand("SELECT string_agg(kind || ' ' || status || ' ' || subject, '; ') FROM recon.exceptions");
        Assert.StartsWith("source_key_refused open source still-down failing since", (string)(await command.ExecuteScalarAsync(Cancel))!, StringComparison.Ordinal);
    }
}
