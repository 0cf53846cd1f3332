using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Settlement.GatewaySimulator;
using Settlement.GatewaySimulator.AcquirerFiles;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Database;
using Settlement.Tests.Gateway;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Simulator;

/// <summary>The simulator's settlement and chargeback files follow from its state, plus exactly the discrepancies it lists.</summary>
public sealed class AcquirerFileTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly LocalDate Day = new(2026, 11, 20);
    private SimulatorHost _simulator = null!;
    private string _folder = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(await server.CreateDatabaseAsync("acquirer"), SimulatorHost.NewClock());
        _folder = Path.Combine(Path.GetTempPath(), $"acquirer-{Guid.NewGuid():N}");
        var client = _simulator.Client;
        for (var i = 1; i <= 12; i++)
        {
            var db = await client.PayAsync(Debit, Eur($"{10 * i}.00"));
            var pa = await client.PayAsync(PreAuthorization, Eur($"{20 * i}.00"));
            var cp = await client.OperateAsync(Capture, pa.Id!, Eur($"{15 * i}.00"));
            await client.OperateAsync(Refund, db.Id!, Eur("1.50"));
            var cb = await client.OperateAsync(Chargeback, cp.Id!, Eur($"{5 * i}.00"), reasonCode: i % 2 == 0 ? "13.1" : null);
            if (i % 3 == 0)
            {
                await client.OperateAsync(ChargebackReversal, cb.Id!, Eur($"{5 * i}.00"));
                await client.OperateAsync(Rebill, db.Id!, Eur("2.00"));
            }
        }

        await client.PayAsync(Debit, Eur("9.99"), custom: new Dictionary<string, string> { ["forceResultCode"] = "800.100.151" });
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_discrepancies_the_files_parse_cleanly_and_hold_every_successful_transaction_of_the_day()
    {
        var set = await WriteAsync(new AcquirerFileOptions());

        var (settlement, chargebacks) = await ReadAsync(set);
        var state = await SettledStateAsync();

        Assert.Empty(set.Discrepancies);
        Assert.Equal(set.SettlementLines, settlement.Count);
        Assert.Equal(set.ChargebackLines, chargebacks.Count);
        var legs = settlement.Where(line => line.PaymentId is not null).ToList();
        Assert.Equal(state.Select(t => (t.Id, Kind(t.Type), t.Amount!.Value)).Order(), legs.Select(line => (line.PaymentId!, line.RecordType, line.Gross)).Order());
        Assert.Equal(12 + 4, chargebacks.Count);
        Assert.Equal(state.Where(t => t.Type is Chargeback or ChargebackReversal).Sum(t => t.Amount!.Value.MinorUnits), chargebacks.Sum(e => e.Amount!.Value.MinorUnits));
        AssertPayoutIsTheBatchNet(settlement);
    }

    [Fact]
    public async Task With_discrepancies_the_lines_and_sums_differ_from_the_state_by_exactly_the_manifest()
    {
        var options = new AcquirerFileOptions
        {
            Seed = 7, MissingLineRate = 0.15, AmountDifferenceRate = 0.15, DuplicateRate = 0.15, FxRate = 0.2, UnknownLineRate = 0.15, ExtraChargebackRate = 0.2, ExtraReversalRate = 0.6,
        };
        var set = await WriteAsync(options);

        var (settlement, chargebacks) = await ReadAsync(set);
        var state = await SettledStateAsync();
        var of = set.Discrepancies.ToLookup(d => d.Kind);

        // Draws follow each line's content, so these are the same lines at every run; the rates make an empty kind
        // (8 open chargebacks at 0.6, about 64 lines at 0.15) unlikely for any seed.
        Assert.All(Enum.GetValues<DiscrepancyKind>(), kind => Assert.NotEmpty(of[kind]));
        var strangers = of[DiscrepancyKind.UnknownLine].Select(d => d.TransactionId).ToHashSet();
        Assert.All(strangers, id => Assert.DoesNotContain(state, t => t.Id == id));
        Assert.All(of[DiscrepancyKind.UnknownLine], d => Assert.Equal(d.Written, settlement.Single(l => l.LineId == d.LineId && l.LineNumber == d.LineNumber && l.PaymentId == d.TransactionId).Gross));
        var legs = settlement.Where(line => line.PaymentId is not null && !strangers.Contains(line.PaymentId)).ToList();
        Assert.Equal(state.Count - of[DiscrepancyKind.MissingLine].Count() + of[DiscrepancyKind.Duplicate].Count(), legs.Count);
        var expectedGross = state.Sum(t => t.Amount!.Value.MinorUnits)
            - of[DiscrepancyKind.MissingLine].Sum(d => d.Expected!.Value.MinorUnits)
            + of[DiscrepancyKind.AmountDifference].Sum(d => d.Written!.Value.MinorUnits - d.Expected!.Value.MinorUnits)
            + of[DiscrepancyKind.Duplicate].Sum(d => d.Written!.Value.MinorUnits);
        Assert.Equal(expectedGross, legs.Sum(line => line.Gross.MinorUnits));
        Assert.All(of[DiscrepancyKind.FxLine], d => Assert.NotNull(legs.Single(l => l.LineId == d.LineId && l.LineNumber == d.LineNumber).SettlementCurrency));
        Assert.All(of[DiscrepancyKind.AmountDifference], d => Assert.Equal(d.Written, legs.Single(l => l.LineId == d.LineId && l.LineNumber == d.LineNumber).Gross));
        Assert.All(of[DiscrepancyKind.MissingLine], d => Assert.DoesNotContain(legs, l => l.PaymentId == d.TransactionId));
        Assert.Equal(12 + 4 + of[DiscrepancyKind.ExtraChargeback].Count() + of[DiscrepancyKind.ExtraReversal].Count(), chargebacks.Count);
        Assert.All(
            of[DiscrepancyKind.ExtraChargeback].Concat(of[DiscrepancyKind.ExtraReversal]),
            d => Assert.Contains(chargebacks, e => e.LineNumber == d.LineNumber && e.DisputeId == d.LineId && e.Amount == d.Written));
        AssertPayoutIsTheBatchNet(settlement);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_files_and_another_seed_other_ones()
    {
        static AcquirerFileOptions Options(int seed) => new() { Seed = seed, MissingLineRate = 0.2, AmountDifferenceRate = 0.2, DuplicateRate = 0.2, FxRate = 0.2, ExtraChargebackRate = 0.2, ExtraReversalRate = 0.2 };
        var transactions = await _simulator.Services.GetRequiredService<SimulatorStore>().PaymentsTouchedOnAsync(Day, Cancel);

        var first = AcquirerFileWriter.Write(Day, transactions, Options(42));
        var second = AcquirerFileWriter.Write(Day, transactions.Reverse(), Options(42));
        // The same day made again has other ids: each line keeps the discrepancies its content drew.
        var renamed = AcquirerFileWriter.Write(Day, transactions.Select(Renamed), Options(42));
        var other = AcquirerFileWriter.Write(Day, transactions, Options(43));

        Assert.Equal((first.SettlementCsv, first.ChargebacksCsv), (second.SettlementCsv, second.ChargebacksCsv));
        Assert.Equal(first.Discrepancies, second.Discrepancies);
        Assert.Equal(Drawn(first), Drawn(renamed));
        Assert.NotEqual(first.SettlementCsv, other.SettlementCsv);
    }

    [Fact]
    public async Task The_http_endpoint_writes_the_files_and_answers_the_manifest()
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/simulator/acquirer-files?date=2026-11-20&folder={Uri.EscapeDataString(_folder)}&seed=3&missing=0.2&duplicates=0.2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorFixture.Token);

        using var response = await http.SendAsync(request, Cancel);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));

        response.EnsureSuccessStatusCode();
        Assert.True(File.Exists(answer.RootElement.GetProperty("settlementFile").GetString()));
        Assert.True(File.Exists(answer.RootElement.GetProperty("chargebacksFile").GetString()));
        Assert.NotEqual(0, answer.RootElement.GetProperty("discrepancies").GetArrayLength());
        using var only = new HttpRequestMessage(HttpMethod.Post, $"/simulator/acquirer-files?date=2026-11-20&folder={Uri.EscapeDataString(_folder + "-disputes")}&files=chargebacks&extraChargebacks=0.5");
        only.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorFixture.Token);
        using var disputes = await http.SendAsync(only, Cancel);
        using var disputesAnswer = JsonDocument.Parse(await disputes.Content.ReadAsStringAsync(Cancel));
        disputes.EnsureSuccessStatusCode();
        Assert.Equal(JsonValueKind.Null, disputesAnswer.RootElement.GetProperty("settlementFile").ValueKind);
        Assert.Equal(["chargebacks-2026-11-20.csv"], Directory.GetFiles(_folder + "-disputes").Select(Path.GetFileName));
        Assert.All(disputesAnswer.RootElement.GetProperty("discrepancies").EnumerateArray(), d => Assert.Equal("chargebacks", d.GetProperty("file").GetString()));
        Directory.Delete(_folder + "-disputes", recursive: true);
        using var anonymous = await http.PostAsync(new Uri($"/simulator/acquirer-files?date=2026-11-20&folder=x", UriKind.Relative), null, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static void AssertPayoutIsTheBatchNet(IReadOnlyList<SettlementLine> settlement)
    {
        foreach (var batch in settlement.GroupBy(line => line.BatchId))
        {
            var net = batch.Where(l => l.RecordType is not SettlementRecordType.Payout).Sum(l => l.RecordType switch
            {
                SettlementRecordType.Settled or SettlementRecordType.ChargebackReversed => l.Net!.Value.MinorUnits,
                _ => -l.Net!.Value.MinorUnits,
            });
            Assert.Equal(Math.Max(0, net), batch.Single(l => l.RecordType == SettlementRecordType.Payout).Gross.MinorUnits);
        }
    }

    private static SettlementRecordType Kind(TransactionType type) => type switch
    {
        Refund => SettlementRecordType.Refunded,
        Chargeback => SettlementRecordType.Chargeback,
        ChargebackReversal => SettlementRecordType.ChargebackReversed,
        _ => SettlementRecordType.Settled,
    };

    // What was drawn, whatever the order of lines with the same time (ids break the tie).
    private static List<string> Drawn(AcquirerFiles files) =>
        [.. files.Discrepancies.Select(d => $"{d.Kind} {d.File} {d.Expected} {d.Written}").Order(StringComparer.Ordinal)];

    // Another id for every transaction, each reference following: the same day as another run would make it.
    private static SimulatorTransaction Renamed(SimulatorTransaction transaction) => transaction with
    {
        Id = Flip(transaction.Id)!, PaymentId = Flip(transaction.PaymentId), ReferencedId = Flip(transaction.ReferencedId),
    };

    private static string? Flip(string? id) => id is null ? null : new string([.. id.Select(c => c is >= '0' and <= '9' ? (char)('9' - c + '0') : (char)('f' - c + 'a'))]);

    private async Task<AcquirerFileSet> WriteAsync(AcquirerFileOptions options) =>
        await _simulator.Services.GetRequiredService<AcquirerFileService>().WriteAsync(Day, _folder, options, Cancel);

    private async Task<List<SimulatorTransaction>> SettledStateAsync() =>
        [.. (await _simulator.Services.GetRequiredService<SimulatorStore>().PaymentsTouchedOnAsync(Day, Cancel))
            .Where(t => t.Succeeded && t.Type is Debit or Capture or Rebill or Refund or Chargeback or ChargebackReversal)];

    private static async Task<(List<SettlementLine> Settlement, List<ChargebackEvent> Chargebacks)> ReadAsync(AcquirerFileSet set)
    {
        var settlement = await ReadLinesAsync(set.SettlementPath!, FileKind.Settlement);
        var chargebacks = await ReadLinesAsync(set.ChargebacksPath!, FileKind.Chargebacks);
        return ([.. settlement.Cast<SettlementLine>()], [.. chargebacks.Cast<ChargebackEvent>()]);
    }

    private static async Task<List<CanonicalLine>> ReadLinesAsync(string path, FileKind kind)
    {
        await using var stream = File.OpenRead(path);
        var opened = await CanonicalFileReader.OpenAsync(stream, Cancel);
        Assert.True(opened.IsSuccess, opened.IsFailure ? opened.Error.ToString() : null);
        await using var file = opened.Value;
        Assert.Equal(kind, file.Kind);
        var lines = new List<CanonicalLine>();
        await foreach (var line in file.ReadLinesAsync(Cancel))
        {
            Assert.True(line.IsSuccess, line.IsFailure ? line.Error.ToString() : null);
            lines.Add(line.Value);
        }

        return lines;
    }
}
