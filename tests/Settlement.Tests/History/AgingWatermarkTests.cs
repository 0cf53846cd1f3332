using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;
using Settlement.Tests.Matching;

namespace Settlement.Tests.History;

/// <summary>
/// Missing-settlement aging by its watermark: a run reads only legs it has not checked, yet finds a leg that arrives
/// late (processed long before it was written) and never skips one when the clock is set back.
/// </summary>
public sealed class AgingWatermarkTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";

    private readonly MatchingFixture _fixture = new(database);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private MissingSettlementAging Aging => new(database.DataSource, new MatchingOptions(), _fixture.Folder.Clock, NullLogger<MissingSettlementAging>.Instance);

    [Fact]
    public async Task A_leg_written_after_the_run_that_passed_its_date_is_raised_by_the_next_run()
    {
        await Aging.AgeAsync(Cancel);
        await Aging.AgeAsync(Cancel);
        await _fixture.IngestAsync($"{_run}-late.csv", TransactionsHeader + $"{_run}-late,DB,,{_run}-a,3.00,EUR,2026-11-01T10:00:00Z,000.100.110\n");

        var run = await Aging.AgeAsync(Cancel);

        Assert.Equal(1, run.Raised);
        Assert.Equal([$"leg {_run}-late"], await OpenMissingAsync());
    }

    [Fact]
    public async Task With_the_clock_set_back_a_leg_written_meanwhile_is_raised_once_it_is_due()
    {
        var clock = _fixture.Folder.Clock;
        var start = clock.GetCurrentInstant();
        clock.Advance(Duration.FromDays(10));
        await Aging.AgeAsync(Cancel);
        await Aging.AgeAsync(Cancel);

        // Back ten days: a leg processed the day before is not due yet by this clock, though it is before the mark.
        clock.Reset(start);
        await _fixture.IngestAsync($"{_run}-back.csv", TransactionsHeader + $"{_run}-back,DB,,{_run}-b,4.00,EUR,2026-11-24T10:00:00Z,000.100.110\n");
        Assert.Equal(0, (await Aging.AgeAsync(Cancel)).Raised);
        Assert.Empty(await OpenMissingAsync());

        clock.Advance(Duration.FromDays(3));
        var due = await Aging.AgeAsync(Cancel);

        Assert.Equal(1, due.Raised);
        Assert.Equal([$"leg {_run}-back"], await OpenMissingAsync());
    }

    [Fact]
    public void The_processed_mark_never_moves_back_and_the_sequence_mark_waits_for_the_clock()
    {
        var mark = new AgingWatermark(Instant.FromUtc(2026, 11, 20, 0, 0), SequenceThrough: 10, PendingSequence: 20, PendingConfirmed: true);

        var ahead = mark.After(Instant.FromUtc(2026, 11, 21, 0, 0), seenSequence: 30, seenXmax: 99);
        var behind = mark.After(Instant.FromUtc(2026, 11, 19, 0, 0), seenSequence: 30, seenXmax: 99);
        var unconfirmed = (mark with { PendingConfirmed = false }).After(Instant.FromUtc(2026, 11, 21, 0, 0), seenSequence: 30, seenXmax: 99);

        Assert.Equal(new NextAgingWatermark(Instant.FromUtc(2026, 11, 21, 0, 0), 20, 30, 99), ahead);
        Assert.Equal(new NextAgingWatermark(Instant.FromUtc(2026, 11, 20, 0, 0), 10, 20, AgingWatermark.PendingXmaxKept), behind);
        Assert.Equal(new NextAgingWatermark(Instant.FromUtc(2026, 11, 21, 0, 0), 10, 20, AgingWatermark.PendingXmaxKept), unconfirmed);
    }

    private async Task<List<string>> OpenMissingAsync()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT subject FROM recon.exceptions WHERE kind = 'missing_settlement' AND status = 'open' AND subject LIKE @mine ORDER BY subject");
        command.Parameters.AddWithValue("mine", $"leg {_run}-%");
        var subjects = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            subjects.Add(reader.GetString(0));
        }

        return subjects;
    }

    public void Dispose() => _fixture.Dispose();
}
