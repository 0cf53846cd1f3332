using Settlement.Reconciliation.Matching;
using Settlement.Tests.Database;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Matching;

/// <summary>Each key level, tolerance, tie-break and duplicate rule, on small files of their own (ids unique per test).</summary>
public sealed class MatchingRulesTests(FreshDatabase database) : IClassFixture<FreshDatabase>, IDisposable
{
    private const string TransactionsHeader = "payment_id,payment_type,referenced_id,merchant_transaction_id,amount,currency,timestamp,result_code,card_last4,arn\n";
    private const string SettlementHeader = "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_last4\n";

    private readonly MatchingFixture _fixture = new(database);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Partial_captures_settle_leg_by_leg_through_the_pre_authorizations_id()
    {
        await Transactions(Tx("pa", "PA", "", "100.00") + Tx("cp1", "CP", "pa", "30.00") + Tx("cp2", "CP", "pa", "70.00"));
        await Settlement(Line("a", "SETTLED", paymentId: Id("pa"), gross: "70.00") + Line("b", "SETTLED", paymentId: Id("pa"), gross: "30.00"));

        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("cp2")), Leg(await _fixture.OutcomeAsync(Id("a"))));
        Assert.Equal(("matched", Id("cp1")), Leg(await _fixture.OutcomeAsync(Id("b"))));
    }

    [Fact]
    public async Task A_second_line_for_a_settled_leg_is_a_duplicate_that_names_the_first()
    {
        await Transactions(Tx("db", "DB", "", "10.00"));
        await Settlement(Line("first", "SETTLED", paymentId: Id("db"), gross: "10.00") + Line("again", "SETTLED", paymentId: Id("db"), gross: "10.00"));

        await _fixture.MatchAsync();

        Assert.Equal("matched", (await _fixture.OutcomeAsync(Id("first"))).Outcome);
        var duplicate = await _fixture.OutcomeAsync(Id("again"));
        Assert.Equal("duplicate", duplicate.Outcome);
        Assert.StartsWith($"duplicate: DB {Id("db")} was already settled by line 2 of file", duplicate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_of_a_later_file_for_a_leg_settled_by_an_earlier_run_is_a_duplicate_that_names_the_first()
    {
        await Transactions(Tx("db", "DB", "", "10.00"));
        await Settlement(Line("first", "SETTLED", paymentId: Id("db"), gross: "10.00"));
        await _fixture.MatchAsync();

        await Settlement(Line("resent", "SETTLED", paymentId: Id("db"), gross: "10.00"));
        var run = await _fixture.MatchAsync();

        Assert.Equal(1, run.Count(LineOutcome.Duplicate));
        var duplicate = await _fixture.OutcomeAsync(Id("resent"));
        Assert.Equal("duplicate", duplicate.Outcome);
        Assert.StartsWith($"duplicate: DB {Id("db")} was already settled by line 2 of file", duplicate.Explanation, StringComparison.Ordinal);
        Assert.Equal(("matched", Id("db")), Leg(await _fixture.OutcomeAsync(Id("first"))));
    }

    [Fact]
    public async Task A_run_decides_the_lines_of_new_files_and_again_the_unmatched_ones_only()
    {
        await Transactions(Tx("db", "DB", "", "10.00"));
        await Settlement(Line("known", "SETTLED", paymentId: Id("db"), gross: "10.00") + Line("unknown", "SETTLED", paymentId: Id("nowhere"), gross: "5.00"));
        await _fixture.MatchAsync();

        var again = await _fixture.MatchAsync();

        // Other tests of the class leave unmatched lines of their own, decided again as well.
        Assert.Equal(0, again.Count(LineOutcome.Matched));
        Assert.InRange(again.Count(LineOutcome.Unmatched), 1, long.MaxValue);
        Assert.Equal(("matched", Id("db")), Leg(await _fixture.OutcomeAsync(Id("known"))));
        Assert.Equal("unmatched", (await _fixture.OutcomeAsync(Id("unknown"))).Outcome);
    }

    [Fact]
    public async Task The_payment_id_wins_over_a_merchant_reference_that_points_elsewhere()
    {
        await Transactions(Tx("db1", "DB", "", "10.00", reference: "SHARED") + Tx("db2", "DB", "", "10.00", reference: "OTHER"));
        await Settlement(Line("x", "SETTLED", paymentId: Id("db2"), reference: Id("SHARED"), gross: "10.00"));

        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("db2")), Leg(await _fixture.OutcomeAsync(Id("x"))));
        Assert.Equal("payment_id", (await _fixture.OutcomeAsync(Id("x"))).MatchedBy);
    }

    [Fact]
    public async Task The_fallback_matches_on_amount_currency_card_and_date_window_only()
    {
        await Transactions(Tx("db", "DB", "", "42.00", last4: "4242"));
        await Settlement(
            Line("in-window", "SETTLED", gross: "42.00", last4: "4242", reference: Id("unknown-ref"))
            + Line("other-card", "SETTLED", gross: "42.00", last4: "1111", reference: Id("unknown-ref-2")));

        await _fixture.MatchAsync();

        Assert.Equal(("matched", "fallback"), Key(await _fixture.OutcomeAsync(Id("in-window"))));
        Assert.Equal("unmatched", (await _fixture.OutcomeAsync(Id("other-card"))).Outcome);
    }

    [Fact]
    public async Task Tolerances_decide_between_within_tolerance_and_mismatch()
    {
        await Transactions(Tx("near", "DB", "", "100.00") + Tx("far", "DB", "", "100.00"));
        await Settlement(Line("near", "SETTLED", paymentId: Id("near"), gross: "99.99") + Line("far", "SETTLED", paymentId: Id("far"), gross: "98.00"));

        await _fixture.MatchAsync(new MatchingOptions { AmountToleranceMinor = 1 });

        var near = await _fixture.OutcomeAsync(Id("near"));
        Assert.Equal(
            ("matched_within_tolerance", $"matched_within_tolerance by payment_id: line 99.99 EUR, DB {Id("near")} is 100.00 EUR (difference -0.01 EUR)"),
            (near.Outcome, near.Explanation));
        Assert.Equal("amount_mismatch", (await _fixture.OutcomeAsync(Id("far"))).Outcome);
    }

    [Fact]
    public async Task A_percent_tolerance_scales_with_the_amount()
    {
        await Transactions(Tx("big", "DB", "", "1000.00"));
        await Settlement(Line("big", "SETTLED", paymentId: Id("big"), gross: "995.00"));

        await _fixture.MatchAsync(new MatchingOptions { AmountTolerancePercent = 0.005m });

        Assert.Equal("matched_within_tolerance", (await _fixture.OutcomeAsync(Id("big"))).Outcome);
    }

    [Fact]
    public async Task A_key_naming_a_leg_in_another_currency_is_a_currency_mismatch()
    {
        await Transactions(Tx("eur", "DB", "", "10.00"));
        await Settlement(Line("usd", "SETTLED", paymentId: Id("eur"), gross: "10.00", currency: "USD"));

        await _fixture.MatchAsync();

        var usd = await _fixture.OutcomeAsync(Id("usd"));
        Assert.Equal(
            ("currency_mismatch", $"currency_mismatch by payment_id: line in USD, but DB {Id("eur")} is 10.00 EUR"),
            (usd.Outcome, usd.Explanation));
    }

    [Fact]
    public async Task An_FX_line_whose_net_does_not_add_up_is_an_amount_mismatch()
    {
        await Transactions(Tx("gbp-ok", "DB", "", "30.00", currency: "GBP") + Tx("gbp-bad", "DB", "", "30.00", currency: "GBP"));
        await Settlement(
            Line("ok", "SETTLED", paymentId: Id("gbp-ok"), gross: "30.00", currency: "GBP", settlement: "EUR,1.1500,0.30,34.20")
            + Line("bad", "SETTLED", paymentId: Id("gbp-bad"), gross: "30.00", currency: "GBP", settlement: "EUR,1.1500,0.30,34.00"));

        await _fixture.MatchAsync();

        var ok = await _fixture.OutcomeAsync(Id("ok"));
        Assert.Equal(("matched", $"matched by payment_id to DB {Id("gbp-ok")}: 30.00 GBP"), (ok.Outcome, ok.Explanation));
        var bad = await _fixture.OutcomeAsync(Id("bad"));
        Assert.Equal("amount_mismatch", bad.Outcome);
        Assert.EndsWith("but net does not add up: 30.00 GBP × 1.1500 − 0.30 EUR = 34.20 EUR expected, line says 34.00 EUR", bad.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_arrives_before_its_transaction_matches_on_a_later_run()
    {
        await Settlement(Line("early", "SETTLED", paymentId: Id("late"), gross: "15.00"));
        await _fixture.MatchAsync();
        Assert.Equal("unmatched", (await _fixture.OutcomeAsync(Id("early"))).Outcome);

        await Transactions(Tx("late", "DB", "", "15.00"));
        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("late")), Leg(await _fixture.OutcomeAsync(Id("early"))));
    }

    [Fact]
    public async Task An_unmatched_line_and_a_new_line_for_the_same_leg_compete_and_the_earlier_line_wins_the_tie()
    {
        await Settlement(Line("early", "SETTLED", paymentId: Id("late"), gross: "15.00"));
        await _fixture.MatchAsync();

        await Transactions(Tx("late", "DB", "", "15.00"));
        await Settlement(Line("resent", "SETTLED", paymentId: Id("late"), gross: "15.00"));
        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("late")), Leg(await _fixture.OutcomeAsync(Id("early"))));
        var resent = await _fixture.OutcomeAsync(Id("resent"));
        Assert.Equal(("duplicate", Id("late")), Leg(resent));
        Assert.StartsWith($"duplicate: DB {Id("late")} was already settled by line 2 of file", resent.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_and_chargeback_lines_settle_legs_of_their_own_type()
    {
        await Transactions(Tx("db", "DB", "", "50.00") + Tx("rf", "RF", "db", "20.00") + Tx("cb", "CB", "db", "30.00"));
        await Settlement(
            Line("sale", "SETTLED", paymentId: Id("db"), gross: "50.00")
            + Line("refund", "REFUNDED", paymentId: Id("db"), gross: "20.00")
            + Line("dispute", "CHARGEBACK", paymentId: Id("db"), gross: "30.00"));

        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("db")), Leg(await _fixture.OutcomeAsync(Id("sale"))));
        Assert.Equal(("matched", Id("rf")), Leg(await _fixture.OutcomeAsync(Id("refund"))));
        Assert.Equal(("matched", Id("cb")), Leg(await _fixture.OutcomeAsync(Id("dispute"))));
    }

    [Fact]
    public async Task Ties_are_broken_deterministically_by_the_nearer_date_then_the_id()
    {
        await Transactions(Tx("pa", "PA", "", "20.00", time: "2026-11-19T10:00:00Z") + Tx("cp-a", "CP", "pa", "10.00", time: "2026-11-20T10:00:00Z") + Tx("cp-b", "CP", "pa", "10.00", time: "2026-11-23T10:00:00Z"));
        await Settlement(Line("only", "SETTLED", paymentId: Id("pa"), gross: "10.00"));

        await _fixture.MatchAsync();

        Assert.Equal(("matched", Id("cp-b")), Leg(await _fixture.OutcomeAsync(Id("only"))));
    }

    public void Dispose() => _fixture.Dispose();

    private static (string, string?) Leg((string Outcome, string? MatchedBy, string? TransactionId, string Explanation) outcome) => (outcome.Outcome, outcome.TransactionId);

    private static (string, string?) Key((string Outcome, string? MatchedBy, string? TransactionId, string Explanation) outcome) => (outcome.Outcome, outcome.MatchedBy);

    private string Id(string name) => $"{_run}-{name}";

    private Task<IngestionResult> Transactions(string lines) => _fixture.IngestAsync($"{_run}-transactions.csv", TransactionsHeader + lines);

    private Task<IngestionResult> Settlement(string lines) => _fixture.IngestAsync($"{_run}-settlement-{Guid.NewGuid():N}.csv", SettlementHeader + lines);

    private string Tx(string id, string type, string referenced, string amount, string currency = "EUR", string? reference = null, string last4 = "", string time = "2026-11-23T12:00:00Z") =>
        $"{Id(id)},{type},{(referenced.Length == 0 ? string.Empty : Id(referenced))},{Id(reference ?? "ref-" + id)},{amount},{currency},{time},000.100.110,{last4},\n";

    private string Line(string id, string type, string? paymentId = null, string? reference = null, string gross = "0.00", string currency = "EUR", string last4 = "", string settlement = ",,,") =>
        $"{Id(id)},2026-11-24,B-{_run},{type},{paymentId},{reference},,{gross},{currency},{settlement},{last4}\n";
}
