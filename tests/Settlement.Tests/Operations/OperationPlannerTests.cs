using NodaTime;
using Settlement.Reconciliation;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Ledger.LedgerFixtures;

namespace Settlement.Tests.Operations;

/// <summary>Checking an operation against the ledger before any row or job exists.</summary>
public sealed class OperationPlannerTests
{
    private static readonly AuditActor Person = AuditActor.Operator("jane", "test");
    private static readonly Instant Now = Start + Duration.FromHours(2);

    [Fact]
    public void An_unknown_reference_is_refused_as_reference_not_found()
    {
        var rejection = Plan(new OperationOrder(Refund, "nope", Eur("1.00"), null, Person), payment: null).Error;

        Assert.Equal(LedgerRule.ReferenceNotFound, rejection.Rule);
        Assert.Contains("nope", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refund_in_another_currency_is_refused_as_currency_mismatch()
    {
        var db = Started(Debit, "db1", Eur("50.00"));

        var rejection = Plan(new OperationOrder(Refund, "db1", Money.Parse("5.00", Currency.Usd).Value, null, Person), db).Error;

        Assert.Equal(LedgerRule.CurrencyMismatch, rejection.Rule);
    }

    [Fact]
    public void Operations_in_flight_count_as_done_so_two_refunds_cannot_together_exceed_the_refundable_amount()
    {
        var db = Started(Debit, "db1", Eur("50.00"));
        var first = Plan(new OperationOrder(Refund, "db1", Eur("30.00"), null, Person), db).Value;

        var second = Plan(new OperationOrder(Refund, "db1", Eur("30.00"), null, Person), db, first).Error;

        Assert.Equal(LedgerRule.RefundExceedsRefundable, second.Rule);
        Assert.Contains("refundable 20.00 EUR", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_amount_a_capture_takes_the_open_amount_and_a_refund_the_refundable_one()
    {
        var pa = Started(PreAuthorization, "pa1", Eur("90.00")).Then(Capture, "cp1", "pa1", Eur("40.00"));

        var capture = Plan(new OperationOrder(Capture, "pa1", null, null, Person), pa).Value;
        var refund = Plan(new OperationOrder(Refund, "cp1", null, null, Person), pa).Value;

        Assert.Equal((Eur("50.00"), Eur("40.00")), (capture.Amount, refund.Amount));
    }

    [Fact]
    public void A_reversal_has_no_amount_but_the_payment_currency()
    {
        var pa = Started(PreAuthorization, "pa1", Eur("90.00"));

        var reversal = Plan(new OperationOrder(Reversal, "pa1", null, null, Person), pa).Value;

        Assert.Equal((null, Currency.Eur), (reversal.Amount, reversal.Currency));
    }

    [Fact]
    public void A_rebill_without_an_amount_is_refused()
    {
        var db = Started(Debit, "db1", Eur("50.00"));

        Assert.Equal(LedgerRule.AmountNotPositive, Plan(new OperationOrder(Rebill, "db1", null, null, Person), db).Error.Rule);
    }

    [Fact]
    public void A_payout_needs_a_positive_amount_and_no_reference()
    {
        var payout = Plan(new OperationOrder(Credit, null, Eur("10.00"), null, Person), payment: null).Value;

        Assert.Equal((Credit, null, Eur("10.00")), (payout.Kind, payout.ReferencedId, payout.Amount));
        Assert.Equal(LedgerRule.AmountNotPositive, Plan(new OperationOrder(Credit, null, null, null, Person), payment: null).Error.Rule);
    }

    [Fact]
    public void A_planned_operation_is_requested_with_no_attempts()
    {
        var db = Started(Debit, "db1", Eur("50.00"));

        var planned = Plan(new OperationOrder(Chargeback, "db1", null, "10.4", Person), db).Value;

        Assert.Equal((OperationStatus.Requested, 0, Eur("50.00"), "10.4"), (planned.Status, planned.Attempts, planned.Amount, planned.ReasonCode));
        Assert.True(OperationIds.IsValid(planned.Id));
    }

    private static Result<Operation, Rejection> Plan(OperationOrder order, Payment? payment, params Operation[] inFlight) =>
        OperationPlanner.Plan(order, payment, inFlight, OperationIds.New(), Now);
}
