using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;

namespace Settlement.Tests.Matching;

public sealed class SampleDayMatchingTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly MatchingFixture _fixture = new(database);

    [Fact]
    public async Task The_sample_day_matches_every_line_and_explains_each_deliberate_discrepancy()
    {
        foreach (var name in new[] { "transactions.csv", "settlement.csv" })
        {
            await _fixture.IngestAsync(name, await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.SampleFiles, name), TestContext.Current.CancellationToken));
        }

        var run = await _fixture.MatchAsync();

        Assert.Equal(
            new Dictionary<LineOutcome, long> { [LineOutcome.Matched] = 9, [LineOutcome.AmountMismatch] = 1, [LineOutcome.Unmatched] = 1, [LineOutcome.Batch] = 3 },
            run.Decided);
        Assert.Equal(("matched", "payment_id"), Key(await _fixture.OutcomeAsync("STL-0002")));
        Assert.Equal(("matched", "merchant_transaction_id"), Key(await _fixture.OutcomeAsync("STL-0003")));
        Assert.Equal(("matched", "arn"), Key(await _fixture.OutcomeAsync("STL-0004")));
        Assert.Equal(("matched", "payment_id"), Key(await _fixture.OutcomeAsync("STL-0007")));
        var mismatch = await _fixture.OutcomeAsync("STL-0008");
        Assert.Equal("amount_mismatch", mismatch.Outcome);
        Assert.EndsWith("is 10.00 EUR (difference -1.00 EUR)", mismatch.Explanation, StringComparison.Ordinal);
        var unmatched = await _fixture.OutcomeAsync("STL-0010");
        Assert.Equal(
            "unmatched: no settled transaction has payment id 8ac7a4a1ffffffffffffffffffffffff, merchant reference ORD-9999, nor 12.00 EUR on card ending 4242 within 3 days before 2026-11-24",
            unmatched.Explanation);
    }

    public void Dispose() => _fixture.Dispose();

    private static (string, string?) Key((string Outcome, string? MatchedBy, string? TransactionId, string Explanation) outcome) => (outcome.Outcome, outcome.MatchedBy);
}
