using NodaTime;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using static Settlement.Reconciliation.Files.ChargebackEventType;

namespace Settlement.Tests.Disputes;

public sealed class DisputeCasesTests
{
    private static readonly LocalDate Today = new(2026, 11, 28);

    [Fact]
    public void A_case_stands_at_its_latest_event_and_keeps_the_latest_reason_and_reply_by_given()
    {
        var cases = DisputeCases.Of([
            Event("D-1", RetrievalRequest, new(2026, 11, 2), amount: null, replyBy: new(2026, 11, 16), reasonText: "copy of receipt"),
            Event("D-1", Chargeback, new(2026, 11, 20), Eur(7_500), replyBy: new(2026, 12, 20), reasonCode: "10.4", reasonText: "fraud"),
        ]);

        var only = Assert.Single(cases);
        Assert.Equal((Chargeback, DisputeOutcome.Open, Eur(7_500)), (only.Stage, only.Outcome, only.Amount));
        Assert.Equal(("10.4", "fraud", new LocalDate(2026, 12, 20)), (only.ReasonCode, only.ReasonText, only.ReplyBy));
        Assert.Equal(new LocalDate(2026, 11, 2), only.OpenedOn);
        Assert.Null(only.DecidedOn);
    }

    [Fact]
    public void A_reversal_or_an_arbitration_won_wins_the_case_and_an_arbitration_lost_loses_it()
    {
        var cases = DisputeCases.Of([
            Event("won", Chargeback, new(2026, 10, 1), Eur(1_000)),
            Event("won", ChargebackReversal, new(2026, 10, 20), Eur(1_000)),
            Event("arbitrated", Chargeback, new(2026, 9, 1), Eur(2_000)),
            Event("arbitrated", ArbitrationWon, new(2026, 11, 3), null),
            Event("lost", Chargeback, new(2026, 9, 1), Eur(3_000)),
            Event("lost", ArbitrationLost, new(2026, 11, 4), null),
        ]);

        Assert.Equal(DisputeOutcome.Won, Case(cases, "won").Outcome);
        Assert.Equal(new LocalDate(2026, 10, 20), Case(cases, "won").DecidedOn);
        Assert.Equal(DisputeOutcome.Won, Case(cases, "arbitrated").Outcome);
        Assert.Equal(Eur(2_000), Case(cases, "arbitrated").Amount);
        Assert.Equal(DisputeOutcome.Lost, Case(cases, "lost").Outcome);
    }

    [Fact]
    public void A_second_chargeback_after_a_reversal_reopens_the_case()
    {
        var cases = DisputeCases.Of([
            Event("D-2", Chargeback, new(2026, 10, 1), Eur(1_000)),
            Event("D-2", ChargebackReversal, new(2026, 10, 20), Eur(1_000)),
            Event("D-2", SecondChargeback, new(2026, 11, 5), Eur(1_000), replyBy: new(2026, 11, 30)),
        ]);

        Assert.Equal((SecondChargeback, DisputeOutcome.Open), (cases[0].Stage, cases[0].Outcome));
        Assert.Equal(2, cases[0].DaysLeft(Today));
    }

    [Fact]
    public void Days_left_count_to_the_reply_by_date_while_the_case_is_open_and_a_near_or_passed_one_is_near()
    {
        var cases = DisputeCases.Of([
            Event("in-two-days", Chargeback, new(2026, 11, 1), Eur(100), replyBy: new(2026, 11, 30)),
            Event("in-four-days", Chargeback, new(2026, 11, 1), Eur(100), replyBy: new(2026, 12, 2)),
            Event("passed", Chargeback, new(2026, 11, 1), Eur(100), replyBy: new(2026, 11, 27)),
            Event("won", Chargeback, new(2026, 11, 1), Eur(100), replyBy: new(2026, 11, 29)),
            Event("won", ChargebackReversal, new(2026, 11, 10), Eur(100)),
        ]);

        Assert.Equal(2, Case(cases, "in-two-days").DaysLeft(Today));
        Assert.True(Case(cases, "in-two-days").IsDeadlineNear(Today, nearDays: 3));
        Assert.False(Case(cases, "in-four-days").IsDeadlineNear(Today, nearDays: 3));
        Assert.Equal(-1, Case(cases, "passed").DaysLeft(Today));
        Assert.True(Case(cases, "passed").IsDeadlineNear(Today, nearDays: 3));
        Assert.Null(Case(cases, "won").DaysLeft(Today));
        Assert.False(Case(cases, "won").IsDeadlineNear(Today, nearDays: 3));
        // Nearest deadline first: what to do first is on top.
        Assert.Equal("passed", cases[0].DisputeId);
    }

    [Fact]
    public void Won_and_lost_are_counted_per_month_of_decision_and_currency()
    {
        var cases = DisputeCases.Of([
            Event("a", Chargeback, new(2026, 9, 1), Eur(1_000)),
            Event("a", ChargebackReversal, new(2026, 10, 2), Eur(1_000)),
            Event("b", Chargeback, new(2026, 9, 1), Eur(2_500)),
            Event("b", ChargebackReversal, new(2026, 10, 30), Eur(2_500)),
            Event("c", Chargeback, new(2026, 9, 1), Eur(4_000)),
            Event("c", ArbitrationLost, new(2026, 10, 15), null),
            Event("d", Chargeback, new(2026, 9, 1), new Money(900, Currency.Usd)),
            Event("d", ArbitrationWon, new(2026, 11, 1), null),
            Event("open", Chargeback, new(2026, 10, 1), Eur(50_000)),
        ]);

        var outcomes = DisputeCases.OutcomesByMonth(cases);

        Assert.Equal(
            [
                new MonthlyDisputeOutcomes(new YearMonth(2026, 11), Currency.Usd, 1, new Money(900, Currency.Usd), 0, new Money(0, Currency.Usd)),
                new MonthlyDisputeOutcomes(new YearMonth(2026, 10), Currency.Eur, 2, Eur(3_500), 1, Eur(4_000)),
            ],
            outcomes);
    }

    [Fact]
    public void Card_brands_written_differently_are_one_brand_and_a_missing_one_is_unknown()
    {
        Assert.Equal(["MASTER", "MASTER", "VISA", "AMEX", CardBrand.Unknown, CardBrand.Unknown],
            new[] { "Mastercard", " master ", "visa", "American Express", "", null }.Select(CardBrand.Of));
    }

    private static DisputeCase Case(IReadOnlyList<DisputeCase> cases, string id) => cases.Single(item => item.DisputeId == id);

    private static Money Eur(long minor) => new(minor, Currency.Eur);

    private static DisputeEvent Event(
        string id, ChargebackEventType type, LocalDate date, Money? amount, LocalDate? replyBy = null, string? reasonCode = null, string? reasonText = null) =>
        new("canonical", id, type, date, amount, "VISA", null, reasonCode, reasonText, replyBy);
}
