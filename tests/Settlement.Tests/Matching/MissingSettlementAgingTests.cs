using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;

namespace Settlement.Tests.Matching;

public sealed class MissingSettlementAgingTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";

    private readonly MatchingFixture _fixture = new(database);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private MissingSettlementAging Aging => new(database.DataSource, new MatchingOptions(), _fixture.Folder.Clock, NullLogger<MissingSettlementAging>.Instance);

    [Fact]
    public async Task Run_alone_it_raises_legs_past_the_lag_and_not_legs_past_the_horizon()
    {
        await _fixture.IngestAsync($"{_run}-t.csv", TransactionsHeader
            + $"{_run}-late,DB,,{_run}-a,3.00,EUR,2026-11-01T10:00:00Z,000.100.110\n"
            + $"{_run}-young,DB,,{_run}-b,4.00,EUR,2026-11-24T10:00:00Z,000.100.110\n"
            + $"{_run}-archived,DB,,{_run}-c,5.00,EUR,2025-06-01T10:00:00Z,000.100.110\n");

        var run = await Aging.AgeAsync(Cancel);

        Assert.Equal(new MissingSettlementRun(1, 0), run);
        Assert.Equal([$"leg {_run}-late"], await OpenMissingAsync());
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
