using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.Intake;
using Settlement.Tests.Database;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class LeaseKeeperTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static readonly Duration Lease = Duration.FromMinutes(2);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 26, 2, 0));

    private IntakeStore Store => new(database.DataSource, _clock, NullLogger<IntakeStore>.Instance);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_claim_is_renewed_while_the_work_goes_on_so_no_other_instance_takes_it()
    {
        var fingerprint = new FileFingerprint(SHA256.HashData(Guid.NewGuid().ToByteArray()), 10);
        var claim = await Store.ClaimAsync(fingerprint, "long.csv", "worker-a", Lease, Cancel);

        await using (var keeper = LeaseKeeper.Start(Store, claim.FileId, "worker-a", Lease, Every, Cancel))
        {
            // Time passes beyond the first lease while the work (a long ledger feed, say) goes on.
            _clock.Advance(Lease - Duration.FromSeconds(1));
            await WaitForLeaseBeyondAsync(claim.FileId, _clock.GetCurrentInstant());
            _clock.Advance(Duration.FromSeconds(30));

            var other = await Store.ClaimAsync(fingerprint, "long.csv", "worker-b", Lease, Cancel);

            Assert.Equal(ClaimStatus.ClaimedElsewhere, other.Status);
            Assert.False(keeper.Token.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task A_claim_taken_over_stops_the_work()
    {
        var fingerprint = new FileFingerprint(SHA256.HashData(Guid.NewGuid().ToByteArray()), 10);
        var claim = await Store.ClaimAsync(fingerprint, "stalled.csv", "worker-a", Lease, Cancel);
        _clock.Advance(Lease + Duration.FromSeconds(1));
        var takeOver = await Store.ClaimAsync(fingerprint, "stalled.csv", "worker-b", Lease, Cancel);
        Assert.Equal(ClaimStatus.Claimed, takeOver.Status);

        await using var keeper = LeaseKeeper.Start(Store, claim.FileId, "worker-a", Lease, Every, Cancel);
        await Task.Delay(Timeout.Infinite, keeper.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        Assert.True(keeper.Lost);
        Assert.True(keeper.Token.IsCancellationRequested);
    }

    private async Task WaitForLeaseBeyondAsync(long fileId, Instant instant)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var command = database.DataSource.CreateCommand("SELECT lease_expires_at > @at FROM intake.files WHERE file_id = @id");
            command.Parameters.AddWithValue("at", instant + Duration.FromMinutes(1));
            command.Parameters.AddWithValue("id", fileId);
            if ((bool)(await command.ExecuteScalarAsync(deadline.Token))!)
            {
                return;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
