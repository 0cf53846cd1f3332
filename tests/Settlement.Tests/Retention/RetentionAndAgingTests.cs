using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.Retention;
using Settlement.Tests.Database;
using Settlement.Tests.Matching;

namespace Settlement.Tests.Retention;

/// <summary>Retention and missing-settlement aging agree: deleting old lines never makes their legs look missing.</summary>
public sealed class RetentionAndAgingTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,gross_amount,transaction_currency\n";

    private static readonly RetentionPolicy Policy = new(Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(400), Duration.FromDays(90), Duration.FromDays(400));

    private readonly MatchingFixture _fixture = new(database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_leg_whose_settlement_line_was_deleted_is_not_raised_as_missing_afterwards()
    {
        await _fixture.IngestAsync("t2.csv", TransactionsHeader + "pay-2,DB,,order-2,7.00,EUR,2026-11-24T10:00:00Z,000.100.110\n");
        await _fixture.IngestAsync("s2.csv", SettlementHeader + "settles-pay-2,2026-11-24,B,SETTLED,pay-2,,7.00,EUR\n");
        await _fixture.MatchAsync();
        _fixture.Folder.Clock.Advance(Duration.FromDays(500));
        await new RetentionStore(database.DataSource, _fixture.Folder.Clock, NullLogger<RetentionStore>.Instance)
            .DeleteAsync(Policy.CutoffsAt(_fixture.Folder.Clock.GetCurrentInstant()), Cancel);

        await _fixture.MatchAsync(new MatchingOptions { MissingSettlementHorizon = Policy.MissingSettlementHorizon });

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM acquirer.settlement_lines WHERE line_id = 'settles-pay-2'"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM recon.exceptions WHERE transaction_id = 'pay-2'"));
    }

    public void Dispose() => _fixture.Dispose();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
