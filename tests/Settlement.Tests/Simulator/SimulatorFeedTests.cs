using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Simulator;

namespace Settlement.Tests.Simulator;

/// <summary>With the built-in simulator as the gateway, a transactions export teaches it the payments the ledger takes from it.</summary>
public sealed class SimulatorFeedTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string Entity = "0123456789abcdef0123456789abcdef";
    private const string Header = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_brand,card_bin,card_last4,arn,authorization_kind,merchant_category_code\n";

    private readonly IngestionFolder _folder = new(database.DataSource);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_exports_payments_join_their_trees_under_the_simulators_entity_and_a_pa_keeps_its_schemes_window()
    {
        await IngestAsync("export.csv", Header
            + "aa000000000000000000000000000001,PA,,HOTEL-1,200.00,EUR,2026-11-20T18:05:00Z,000.000.000,VISA,411111,1111,,estimated,7011\n"
            + "aa000000000000000000000000000002,CP,aa000000000000000000000000000001,HOTEL-1,150.00,EUR,2026-11-23T11:00:00Z,000.000.000,,,,,,\n"
            + "aa000000000000000000000000000003,PA,,SHOP-2,60.00,EUR,2026-11-23T13:10:00Z,000.000.000,AMEX,378282,0005,,,\n"
            + "aa000000000000000000000000000004,DB,,SHOP-3,99.00,EUR,2026-11-23T15:45:00Z,800.100.151,VISA,400000,0127,,,\n");

        // The class's other test may have run first in the same database: only this export's rows count here.
        var learned = (await LearnedAsync()).Where(row => row.Key.StartsWith("aa", StringComparison.Ordinal)).ToDictionary();

        Assert.Equal(4, learned.Count);
        Assert.All(learned.Values, row => Assert.Equal(Entity, row.Entity));
        Assert.Equal("aa000000000000000000000000000001", learned["aa000000000000000000000000000002"].PaymentId);
        // Lodging keeps 30 days; the export does not say, the schemes' default window does. An Amex PA, 7.
        Assert.Equal(Instant.FromUtc(2026, 12, 20, 18, 5), learned["aa000000000000000000000000000001"].ExpiresAt);
        Assert.Equal(Instant.FromUtc(2026, 11, 30, 13, 10), learned["aa000000000000000000000000000003"].ExpiresAt);
        Assert.False(learned["aa000000000000000000000000000004"].Succeeded);
        Assert.Equal(0, await _folder.CountAsync("SELECT count(*) FROM simulator.transactions WHERE payment_brand IS NULL AND payment_type IN ('PA', 'DB')"));
    }

    [Fact]
    public async Task A_line_the_ledger_refuses_is_not_learned_and_a_repeated_export_changes_nothing()
    {
        var export = Header
            + "bb000000000000000000000000000001,PA,,ORDER-1,50.00,EUR,2026-11-23T10:00:00Z,000.000.000,VISA,420000,0000,,,\n"
            + "bb000000000000000000000000000002,CP,bb000000000000000000000000000001,ORDER-1,80.00,EUR,2026-11-23T11:00:00Z,000.000.000,,,,,,\n"
            + "bb000000000000000000000000000003,RF,bb00000000000000000000000000ffff,ORDER-1,5.00,EUR,2026-11-23T12:00:00Z,000.000.000,,,,,,\n";
        var first = await IngestAsync("refused.csv", export);
        await IngestAsync("again.csv", export + "bb000000000000000000000000000004,DB,,ORDER-4,12.00,EUR,2026-11-23T13:00:00Z,000.000.000,VISA,420000,0000,,,\n");

        var learned = await LearnedAsync();

        Assert.Equal(2, first.LinesRejected);
        Assert.Equal(["bb000000000000000000000000000001", "bb000000000000000000000000000004"], learned.Keys.Where(id => id.StartsWith("bb", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<IngestionResult> IngestAsync(string name, string content)
    {
        var feed = new SimulatorFeed(Entity, NullLogger<SimulatorFeed>.Instance);
        var result = await _folder.Pipeline(simulatorFeed: feed).IngestAsync(_folder.Drop(name, content), keepOriginal: false, progress: null, Cancel);
        Assert.Equal(IngestionStatus.Processed, result.Status);
        return result;
    }

    private async Task<Dictionary<string, (string Entity, string? PaymentId, bool Succeeded, Instant? ExpiresAt)>> LearnedAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT transaction_id, entity_id, payment_id, succeeded, expires_at FROM simulator.transactions");
        var rows = new Dictionary<string, (string, string?, bool, Instant?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            rows[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4));
        }

        return rows;
    }
}
