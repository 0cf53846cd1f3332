using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator.AcquirerFiles;
using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;
using Settlement.Tests.Ingestion;
using Settlement.Tests.Simulator;
using Settlement.Worker.Ingestion;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Matching;

/// <summary>
/// The simulator writes a settlement file from its own state with known discrepancies; reconciliation must
/// report every one of them, and nothing else.
/// </summary>
public sealed class SimulatorDiscrepancyTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly LocalDate Day = new(2026, 11, 20);
    private SimulatorHost _simulator = null!;
    private NpgsqlDataSource _dataSource = null!;
    private IngestionFolder _folder = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await server.CreateDatabaseAsync("discrepancies");
        _simulator = await SimulatorHost.StartAsync(connectionString, SimulatorHost.NewClock());
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        _dataSource = builder.Build();
        _folder = new IngestionFolder(_dataSource);
        var client = _simulator.Client;
        for (var i = 1; i <= 25; i++)
        {
            var db = await client.PayAsync(Debit, Eur($"{10 * i}.00"));
            var pa = await client.PayAsync(PreAuthorization, Eur($"{20 * i}.00"));
            await client.OperateAsync(Capture, pa.Id!, Eur($"{15 * i}.00"));
            await client.OperateAsync(Refund, db.Id!, Eur("1.50"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await _dataSource.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Every_injected_settlement_discrepancy_is_reported_and_nothing_else_is()
    {
        await IngestAsync("transactions.csv", await TransactionsExportAsync());
        var files = await _simulator.Services.GetRequiredService<AcquirerFileService>().WriteAsync(
            Day,
            Path.Combine(_folder.Root, "acquirer"),
            new AcquirerFileOptions { Seed = 11, MissingLineRate = 0.1, AmountDifferenceRate = 0.1, DuplicateRate = 0.1, FxRate = 0.2 },
            Cancel);
        var of = files.Discrepancies.ToLookup(discrepancy => discrepancy.Kind);
        await IngestAsync("settlement.csv", await File.ReadAllTextAsync(files.SettlementPath!, Cancel));

        await new SettlementMatcher(_dataSource, new MatchingOptions(), _folder.Clock, NullLogger<SettlementMatcher>.Instance).MatchAsync(Cancel);

        var outcomes = await OutcomesAsync();
        Assert.All(of[DiscrepancyKind.AmountDifference], d => Assert.Equal("amount_mismatch", outcomes[d.LineId!].Outcome));
        Assert.All(of[DiscrepancyKind.Duplicate], d => Assert.Single(outcomes.Values, line => line.Outcome == "duplicate" && line.TransactionId == d.TransactionId));
        // Each line draws each discrepancy on its own: an FX line whose amount also differs is a mismatch.
        var differing = of[DiscrepancyKind.AmountDifference].Select(d => d.LineId).ToHashSet();
        Assert.All(of[DiscrepancyKind.FxLine].Where(d => !differing.Contains(d.LineId)), d => Assert.Equal("matched", outcomes[d.LineId!].Outcome));
        var unsettled = await UnsettledLegsAsync();
        Assert.Equal(of[DiscrepancyKind.MissingLine].Select(d => d.TransactionId).Order(), unsettled.Order());

        // Nothing else: every other line matched exactly (or belongs to its batch).
        Assert.Equal(of[DiscrepancyKind.AmountDifference].Count(), outcomes.Values.Count(line => line.Outcome == "amount_mismatch"));
        Assert.Equal(of[DiscrepancyKind.Duplicate].Count(), outcomes.Values.Count(line => line.Outcome == "duplicate"));
        Assert.All(outcomes.Values.Where(line => line.Outcome is not ("amount_mismatch" or "duplicate")), line => Assert.True(line.Outcome is "matched" or "batch", line.Outcome));
        Assert.NotEmpty(of[DiscrepancyKind.MissingLine]);
        Assert.NotEmpty(of[DiscrepancyKind.AmountDifference]);
        Assert.NotEmpty(of[DiscrepancyKind.Duplicate]);
        Assert.NotEmpty(of[DiscrepancyKind.FxLine]);
    }

    private async Task IngestAsync(string name, string content)
    {
        var result = await _folder.Pipeline().IngestAsync(_folder.Drop(name, content), keepOriginal: false, progress: null, Cancel);
        Assert.Equal((IngestionStatus.Processed, 0L), (result.Status, result.LinesRejected));
    }

    /// <summary>The simulator's successful transactions as a gateway transactions export, feeding the ledger.</summary>
    private async Task<string> TransactionsExportAsync()
    {
        var csv = new StringBuilder("payment_id,payment_type,referenced_id,amount,currency,timestamp,result_code\n");
        await using var command = _dataSource.CreateCommand(
            "SELECT transaction_id, payment_type, referenced_id, amount_minor, currency, processed_at, result_code FROM simulator.transactions WHERE succeeded ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            var amount = new Reconciliation.Monetary.Money(reader.GetInt64(3), Reconciliation.Monetary.Currency.FromCode(reader.GetString(4)));
            csv.Append(CultureInfo.InvariantCulture, $"{reader.GetString(0)},{reader.GetString(1)},{(reader.IsDBNull(2) ? string.Empty : reader.GetString(2))},{amount.FormatAmount()},{amount.Currency.Code},{NodaTime.Text.InstantPattern.ExtendedIso.Format(reader.GetFieldValue<Instant>(5))},{reader.GetString(6)}\n");
        }

        return csv.ToString();
    }

    private async Task<Dictionary<string, (string Outcome, string? TransactionId)>> OutcomesAsync()
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT l.line_id, o.outcome, o.transaction_id FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number)");
        var outcomes = new Dictionary<string, (string, string?)>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            outcomes[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return outcomes;
    }

    private async Task<List<string>> UnsettledLegsAsync()
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT t.transaction_id FROM ledger.transactions t JOIN ledger.payments p USING (payment_id)
            WHERE p.succeeded AND t.transaction_type IN ('DB', 'CP', 'RB', 'RF', 'CB', 'CR')
              AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.transaction_id = t.transaction_id
                              AND o.outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch'))
            """);
        var legs = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            legs.Add(reader.GetString(0));
        }

        return legs;
    }
}
