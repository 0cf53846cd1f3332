using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Settlement.Reconciliation.Intake;
using Settlement.Tests.Database;

namespace Settlement.Tests.Intake;

public sealed class IntakeStoreTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static readonly Duration Lease = Duration.FromMinutes(2);

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 25, 2, 0));

    private IntakeStore Store => new(database.DataSource, _clock, NullLogger<IntakeStore>.Instance);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_instance_to_see_a_file_claims_it()
    {
        var claim = await Store.ClaimAsync(Fingerprint(), "settlement-1.csv", "worker-a", Lease, Cancel);

        Assert.Equal(ClaimStatus.Claimed, claim.Status);
        var file = await Store.FindAsync(claim.FileId, Cancel);
        Assert.Equal("processing", file!.Status);
        Assert.Equal("worker-a", file.ClaimedBy);
    }

    [Fact]
    public async Task Another_instance_leaves_a_file_that_is_being_processed_alone()
    {
        var fingerprint = Fingerprint();
        await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);

        var second = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.ClaimedElsewhere, second.Status);
    }

    [Fact]
    public async Task An_instance_takes_its_own_live_claim_again_after_a_failed_attempt()
    {
        // Found by the fault harness: PostgreSQL restarted while a file was read, and the worker skipped its own file until the lease ran out.
        var fingerprint = Fingerprint();
        var failed = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);

        var again = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);

        Assert.Equal(ClaimStatus.Claimed, again.Status);
        Assert.Equal(failed.FileId, again.FileId);
    }

    [Fact]
    public async Task The_same_content_after_processing_is_recorded_as_a_duplicate_of_the_first()
    {
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);
        await CompleteAsync(first.FileId, "worker-a");

        var again = await Store.ClaimAsync(fingerprint, "settlement-renamed.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.Duplicate, again.Status);
        Assert.Equal(first.FileId, again.OriginalFileId);
        var duplicate = await Store.FindAsync(again.FileId, Cancel);
        Assert.Equal("duplicate", duplicate!.Status);
        Assert.Equal(first.FileId, duplicate.DuplicateOf);
        Assert.Equal("settlement-renamed.csv", duplicate.OriginalName);
    }

    [Fact]
    public async Task A_claim_whose_lease_expired_is_taken_over_and_the_old_owner_cannot_complete_it()
    {
        var fingerprint = Fingerprint();
        var crashed = await Store.ClaimAsync(fingerprint, "big.csv", "worker-a", Lease, Cancel);
        _clock.Advance(Lease + Duration.FromSeconds(1));

        var takeOver = await Store.ClaimAsync(fingerprint, "big.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.Claimed, takeOver.Status);
        Assert.Equal(crashed.FileId, takeOver.FileId);
        Assert.Equal("worker-a", takeOver.TookOverFrom);
        await Assert.ThrowsAsync<ClaimLostException>(() => CompleteAsync(crashed.FileId, "worker-a"));
        await CompleteAsync(takeOver.FileId, "worker-b");
        Assert.Equal("processed", (await Store.FindAsync(takeOver.FileId, Cancel))!.Status);
    }

    [Fact]
    public async Task A_renewed_lease_keeps_the_claim()
    {
        var fingerprint = Fingerprint();
        var claim = await Store.ClaimAsync(fingerprint, "big.csv", "worker-a", Lease, Cancel);
        _clock.Advance(Lease - Duration.FromSeconds(10));
        Assert.True(await Store.RenewLeaseAsync(claim.FileId, "worker-a", Lease, Cancel));
        _clock.Advance(Duration.FromSeconds(30));

        var other = await Store.ClaimAsync(fingerprint, "big.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.ClaimedElsewhere, other.Status);
    }

    [Fact]
    public async Task A_quarantined_content_may_be_dropped_again_once_fixed()
    {
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "broken.csv", "worker-a", Lease, Cancel);
        Assert.True(await Store.QuarantineAsync(first.FileId, "worker-a", "unknown header", Cancel));
        await Store.MarkMovedAsync(first.FileId, "quarantine/broken.csv", Cancel);

        var again = await Store.ClaimAsync(fingerprint, "broken.csv", "worker-a", Lease, Cancel);

        Assert.Equal(ClaimStatus.Claimed, again.Status);
        Assert.NotEqual(first.FileId, again.FileId);
        Assert.Equal("unknown header", (await Store.FindAsync(first.FileId, Cancel))!.Reason);
    }

    [Fact]
    public async Task A_file_its_live_owner_finished_but_has_not_moved_yet_is_left_to_it_and_not_recorded_again()
    {
        // Found by the fault harness: the other instance saw the committed file before its owner archived it,
        // recorded a "duplicate" of it and archived it, and the owner's own move then failed.
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);
        await CompleteAsync(first.FileId, "worker-a");

        var other = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.ClaimedElsewhere, other.Status);
        Assert.Equal(first.FileId, other.FileId);
        Assert.Equal(1, await CountRecordsAsync(fingerprint));
    }

    [Fact]
    public async Task A_finished_file_left_in_the_inbox_by_a_dead_owner_is_moved_by_the_finder_without_a_new_record()
    {
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);
        await CompleteAsync(first.FileId, "worker-a");

        var finder = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-b", Lease, Cancel, ownerIsGone: owner => owner == "worker-a");

        Assert.Equal(ClaimStatus.LeftToMove, finder.Status);
        Assert.Equal(first.FileId, finder.FileId);
        Assert.Equal("worker-a", finder.TookOverFrom);
        Assert.Null(finder.QuarantineReason);
        Assert.Equal(1, await CountRecordsAsync(fingerprint));
    }

    [Fact]
    public async Task A_finished_file_still_in_the_inbox_a_lease_after_it_finished_is_moved_by_the_finder()
    {
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "broken.csv", "worker-a", Lease, Cancel);
        Assert.True(await Store.QuarantineAsync(first.FileId, "worker-a", "unknown header", Cancel));
        _clock.Advance(Lease + Duration.FromSeconds(1));

        var finder = await Store.ClaimAsync(fingerprint, "broken.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.LeftToMove, finder.Status);
        Assert.Equal(first.FileId, finder.FileId);
        Assert.Equal("unknown header", finder.QuarantineReason);
    }

    [Fact]
    public async Task Once_moved_the_same_file_dropped_again_is_a_duplicate()
    {
        var fingerprint = Fingerprint();
        var first = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-a", Lease, Cancel);
        await CompleteAsync(first.FileId, "worker-a");
        await Store.MarkMovedAsync(first.FileId, "archive/2026-11-25/settlement.csv", Cancel);

        var again = await Store.ClaimAsync(fingerprint, "settlement.csv", "worker-b", Lease, Cancel);

        Assert.Equal(ClaimStatus.Duplicate, again.Status);
        Assert.Equal(first.FileId, again.OriginalFileId);
        Assert.Equal(2, await CountRecordsAsync(fingerprint));
    }

    [Fact]
    public async Task Twenty_instances_racing_for_one_file_give_exactly_one_claim()
    {
        var fingerprint = Fingerprint();

        var claims = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => Store.ClaimAsync(fingerprint, "race.csv", $"worker-{i}", Lease, Cancel), Cancel)));

        Assert.Single(claims, claim => claim.Status == ClaimStatus.Claimed);
        Assert.Equal(19, claims.Count(claim => claim.Status == ClaimStatus.ClaimedElsewhere));
    }

    [Fact]
    public async Task Completion_is_rolled_back_with_the_transaction_that_wrote_the_lines()
    {
        var claim = await Store.ClaimAsync(Fingerprint(), "settlement.csv", "worker-a", Lease, Cancel);
        await using (var connection = await database.DataSource.OpenConnectionAsync(Cancel))
        {
            await using var transaction = await connection.BeginTransactionAsync(Cancel);
            await Store.CompleteAsync(connection, transaction, claim.FileId, "worker-a", new FileCounts("settlement", 3, 3, 0), Cancel);

            // The process dies before the commit.
            await transaction.RollbackAsync(Cancel);
        }

        Assert.Equal("processing", (await Store.FindAsync(claim.FileId, Cancel))!.Status);
    }

    [Fact]
    public async Task A_fingerprint_is_the_SHA_256_of_the_content()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "line_id,settlement_date\n", Cancel);

        var fingerprint = await FileFingerprint.OfFileAsync(path, Cancel);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("line_id,settlement_date\n"))), fingerprint.Hex);
        Assert.Equal(24, fingerprint.SizeBytes);
        File.Delete(path);
    }

    private async Task<long> CountRecordsAsync(FileFingerprint fingerprint)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM intake.files WHERE sha256 = @sha256");
        command.Parameters.AddWithValue("sha256", fingerprint.Sha256);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static FileFingerprint Fingerprint() => new(SHA256.HashData(Guid.NewGuid().ToByteArray()), 1234);

    private async Task CompleteAsync(long fileId, string instance)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var transaction = await connection.BeginTransactionAsync(Cancel);
        await Store.CompleteAsync(connection, transaction, fileId, instance, new FileCounts("settlement", 10, 9, 1), Cancel);
        await transaction.CommitAsync(Cancel);
    }
}
