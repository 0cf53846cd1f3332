using Microsoft.Extensions.Logging.Abstractions;
using Settlement.Reconciliation.Ledger;
using Settlement.Tests.Database;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

public sealed class TransactionsFileTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string Header = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_brand,card_bin,card_last4,authorization_kind\n";

    private readonly IngestionFolder _folder = new(database.DataSource);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private LedgerStore Ledger => new(database.DataSource, _folder.Clock, NullLogger<LedgerStore>.Instance);

    [Fact]
    public async Task A_transactions_file_feeds_the_ledger_through_its_rules_and_reports_what_they_refuse()
    {
        var file = _folder.Drop("transactions.csv", Header
            + Line("pa", "PA", "", "100.00", "10:00", card: "VISA,420000,0000,pre")
            + Line("cp", "CP", "pa", "60.00", "11:00")
            + Line("rv", "RV", "pa", "40.00", "12:00")
            + Line("db", "DB", "", "50.00", "10:05")
            + Line("rf1", "RF", "db", "20.00", "13:00")
            + Line("rf2", "RF", "db", "40.00", "13:30")
            + Line("rf3", "RF", "db", "5.00", "13:40", result: "800.100.151")
            + Line("cb", "CB", "db", "30.00", "14:00")
            + Line("cr", "CR", "cb", "30.00", "15:00")
            + Line("cp-orphan", "CP", "nowhere", "1.00", "16:00")
            + Line("cd", "CD", "", "7.50", "10:10"));

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal(IngestionStatus.Processed, result.Status);
        Assert.Equal((11L, 9L, 2L), (result.LinesTotal, result.LinesOk, result.LinesRejected));
        var pa = await Ledger.FindPaymentAsync(Id("pa"), Cancel);
        Assert.Equal((6_000L, 0L, 4_000L), (pa!.Balances.Captured.MinorUnits, pa.Balances.Open.MinorUnits, pa.Balances.Reversed.MinorUnits));
        Assert.Equal(AuthorizationKind.Pre, pa.Details.AuthorizationKind);
        Assert.Equal("420000", pa.Details.CardBin);
        var db = await Ledger.FindPaymentAsync(Id("db"), Cancel);
        Assert.Equal((2_000L, 3_000L, 3_000L), (db!.Balances.Refunded.MinorUnits, db.Balances.ChargedBack.MinorUnits, db.Balances.ChargebackReversed.MinorUnits));
        Assert.Null(db.Find(Id("rf3")));
        Assert.NotNull(await Ledger.FindPaymentAsync(Id("cd"), Cancel));
        var report = await File.ReadAllTextAsync(Path.Combine(_folder.Paths.Archive, "2026-11-25", "transactions.errors.csv"), Cancel);
        Assert.Contains($"refund 40.00 EUR exceeds refundable 30.00 EUR on {Id("db")}", report, StringComparison.Ordinal);
        Assert.Contains("nowhere is not a known transaction", report, StringComparison.Ordinal);
        var trail = await Ledger.AuditTrailAsync(Id("db"), Cancel);
        Assert.Equal(4, trail.Count);
        Assert.All(trail, entry => Assert.Equal((ActorKind.File, "transactions.csv"), (entry.ActorKind, entry.Actor)));
        Assert.Equal(0, await _folder.CountAsync(
            """
            SELECT count(*) FROM ledger.payments p JOIN ledger.payment_balances_from_legs b USING (payment_id)
            WHERE (p.captured_minor, p.open_minor, p.reversed_minor, p.refunded_minor, p.charged_back_minor, p.chargeback_reversed_minor, p.paid_out_minor)
               <> (b.captured_minor, b.open_minor, b.reversed_minor, b.refunded_minor, b.charged_back_minor, b.chargeback_reversed_minor, b.paid_out_minor)
            """));
    }

    [Fact]
    public async Task A_later_file_operates_on_payments_of_an_earlier_one_and_repeats_count_once()
    {
        await _folder.Pipeline().IngestAsync(_folder.Drop("day1.csv", Header + Line("db", "DB", "", "80.00", "09:00")), keepOriginal: false, progress: null, Cancel);

        var second = await _folder.Pipeline().IngestAsync(
            _folder.Drop("day2.csv", Header + Line("db", "DB", "", "80.00", "09:00") + Line("rf", "RF", "db", "80.00", "10:00") + Line("rb", "RB", "db", "5.00", "11:00")),
            keepOriginal: false,
            progress: null,
            Cancel);

        Assert.Equal((3L, 0L, 1L), (second.LinesTotal, second.LinesRejected, second.LinesDuplicate));
        var db = await Ledger.FindPaymentAsync(Id("db"), Cancel);
        Assert.Equal((8_000L, 500L), (db!.Balances.Refunded.MinorUnits, db.Balances.Rebilled.MinorUnits));
        Assert.Equal(3, db.Transactions.Count);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_initiator_column_is_stored_on_the_payment_and_defaults_to_customer()
    {
        var file = _folder.Drop(
            "initiators.csv",
            "payment_id,payment_type,amount,currency,timestamp,result_code,initiated_by\n"
            + $"{Id("mit")},PA,10.00,EUR,2026-11-24T10:00:00Z,000.100.110,merchant\n"
            + $"{Id("cit")},PA,10.00,EUR,2026-11-24T10:00:00Z,000.100.110,\n"
            + $"{Id("bad")},PA,10.00,EUR,2026-11-24T10:00:00Z,000.100.110,shopper\n");

        var result = await _folder.Pipeline().IngestAsync(file, keepOriginal: false, progress: null, Cancel);

        Assert.Equal((3L, 2L, 1L), (result.LinesTotal, result.LinesOk, result.LinesRejected));
        Assert.Equal(Initiator.Merchant, (await Ledger.FindPaymentAsync(Id("mit"), Cancel))!.Details.InitiatedBy);
        Assert.Equal(Initiator.Customer, (await Ledger.FindPaymentAsync(Id("cit"), Cancel))!.Details.InitiatedBy);
        var report = await File.ReadAllTextAsync(Path.Combine(_folder.Paths.Archive, "2026-11-25", "initiators.errors.csv"), Cancel);
        Assert.Contains("initiated_by 'shopper' is not customer or merchant", report, StringComparison.Ordinal);
    }

    private string Id(string name) => $"{_run}-{name}";

    private string Line(string id, string type, string referenced, string amount, string time, string result = "000.100.110", string card = ",,,") =>
        $"{Id(id)},{type},{(referenced.Length == 0 ? string.Empty : Id(referenced))},ORD-{id},{amount},EUR,2026-11-24T{time}:00Z,{result},{card}\n";
}
