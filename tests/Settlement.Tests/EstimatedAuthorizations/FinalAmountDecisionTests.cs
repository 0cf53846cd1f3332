using NodaTime;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Ledger.LedgerFixtures;

namespace Settlement.Tests.EstimatedAuthorizations;

/// <summary>Every branch of closing an estimated authorization at its final amount, as a pure decision.</summary>
public sealed class FinalAmountDecisionTests
{
    private static readonly Instant Now = Start + Duration.FromHours(2);
    private static readonly PaymentDetails Estimated = new() { AuthorizationKind = AuthorizationKind.Estimated };
    private static readonly RebillCap Cap = new(20, new Dictionary<Currency, Money> { [Currency.Eur] = Eur("50.00") });

    private static Payment EstimatedPa(string amount = "200.00") => Started(PreAuthorization, "pa", Eur(amount), Estimated);

    private static Payment EstimatedDb(string amount = "20.00") => Started(Debit, "db", Eur(amount), Estimated);

    private static FinalAmountAction Decide(Payment? payment, string final, params Operation[] unfinished) =>
        FinalAmountDecision.For(payment, Eur(final), unfinished, Cap, Now);

    private static IReadOnlyList<FinalAmountStep> Steps(FinalAmountAction action) =>
        Assert.IsType<FinalAmountAction.Settle>(action).Steps;

    [Fact]
    public void A_final_amount_that_fits_the_pa_captures_the_difference_then_reverses_the_rest()
    {
        var pa = EstimatedPa().Then(Capture, "cp1", "pa", Eur("150.00"));

        var action = Decide(pa, "180.00");

        Assert.Equal([new FinalAmountStep(Capture, "pa", Eur("30.00")), new FinalAmountStep(Reversal, "pa", null)], Steps(action));
        Assert.Contains("capture 30.00 EUR, then reverse the rest 20.00 EUR", action.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_amount_equal_to_the_pa_captures_it_all_and_reverses_nothing()
    {
        Assert.Equal([new FinalAmountStep(Capture, "pa", Eur("200.00"))], Steps(Decide(EstimatedPa(), "200.00")));
    }

    [Fact]
    public void A_final_amount_equal_to_what_was_captured_only_releases_the_rest()
    {
        var pa = EstimatedPa().Then(Capture, "cp1", "pa", Eur("150.00"));

        Assert.Equal([new FinalAmountStep(Reversal, "pa", null)], Steps(Decide(pa, "150.00")));
    }

    [Fact]
    public void A_final_amount_below_what_the_pa_captured_refunds_the_excess_then_reverses_the_rest()
    {
        var pa = EstimatedPa().Then(Capture, "cp1", "pa", Eur("150.00"));

        var action = Decide(pa, "120.00");

        Assert.Equal([new FinalAmountStep(Refund, "cp1", Eur("30.00")), new FinalAmountStep(Reversal, "pa", null)], Steps(action));
    }

    [Fact]
    public void A_refund_of_the_excess_spreads_over_the_captured_legs_newest_first()
    {
        var pa = EstimatedPa("100.00").Then(Capture, "cp1", "pa", Eur("60.00")).Then(Capture, "cp2", "pa", Eur("40.00"));

        var action = Decide(pa, "50.00");

        Assert.Equal([new FinalAmountStep(Refund, "cp2", Eur("40.00")), new FinalAmountStep(Refund, "cp1", Eur("10.00"))], Steps(action));
    }

    [Fact]
    public void A_final_amount_above_the_pa_captures_all_that_is_open_then_rebills_the_difference()
    {
        var pa = EstimatedPa().Then(Capture, "cp1", "pa", Eur("150.00"));

        var action = Decide(pa, "230.00");

        Assert.Equal([new FinalAmountStep(Capture, "pa", Eur("50.00")), new FinalAmountStep(Rebill, "pa", Eur("30.00"))], Steps(action));
    }

    [Fact]
    public void A_final_amount_above_a_debit_rebills_the_difference()
    {
        var action = Decide(EstimatedDb(), "23.50");

        Assert.Equal([new FinalAmountStep(Rebill, "db", Eur("3.50"))], Steps(action));
        Assert.Contains("rebill the difference 3.50 EUR", action.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_amount_below_a_debit_refunds_the_excess()
    {
        Assert.Equal([new FinalAmountStep(Refund, "db", Eur("4.00"))], Steps(Decide(EstimatedDb(), "16.00")));
    }

    [Fact]
    public void A_final_amount_equal_to_a_debit_moves_nothing_and_says_so()
    {
        var action = Assert.IsType<FinalAmountAction.Closed>(Decide(EstimatedDb(), "20.00"));

        Assert.Contains("nothing moves", action.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void What_was_refunded_and_rebilled_before_counts_in_what_the_cardholder_was_charged()
    {
        var db = EstimatedDb().Then(Rebill, "rb1", "db", Eur("2.00")).Then(Refund, "rf1", "db", Eur("1.00"));

        Assert.IsType<FinalAmountAction.Closed>(Decide(db, "21.00"));
        Assert.Equal([new FinalAmountStep(Refund, "rb1", Eur("2.00")), new FinalAmountStep(Refund, "db", Eur("1.00"))], Steps(Decide(db, "18.00")));
    }

    [Fact]
    public void A_rebill_above_the_percentage_cap_awaits_approval_and_names_the_cap()
    {
        var step = Assert.Single(Steps(Decide(EstimatedDb(), "24.01")));

        Assert.True(step.AwaitsApproval);
        Assert.Equal("rebill 4.01 EUR exceeds the cap of 20 % of the authorized 20.00 EUR (4.00 EUR)", step.ApprovalReason);
    }

    [Fact]
    public void A_rebill_of_exactly_the_percentage_cap_goes_without_approval()
    {
        Assert.False(Assert.Single(Steps(Decide(EstimatedDb(), "24.00"))).AwaitsApproval);
    }

    [Fact]
    public void A_rebill_above_the_absolute_cap_awaits_approval_even_within_the_percentage()
    {
        var db = Started(Debit, "db", Eur("1000.00"), Estimated);

        var step = Assert.Single(Steps(Decide(db, "1060.00")));

        Assert.Equal("rebill 60.00 EUR exceeds the absolute cap of 50.00 EUR", step.ApprovalReason);
    }

    [Fact]
    public void A_currency_without_an_absolute_cap_is_held_to_the_percentage_alone()
    {
        var db = Started(Debit, "db", Amount("1000.00", Currency.Usd), Estimated);

        var step = Assert.Single(Steps(FinalAmountDecision.For(db, Amount("1200.00", Currency.Usd), [], Cap, Now)));

        Assert.False(step.AwaitsApproval);
    }

    [Fact]
    public void Only_the_rebill_awaits_approval_the_capture_before_it_goes_at_once()
    {
        var steps = Steps(Decide(EstimatedPa(), "300.00"));

        Assert.Equal([false, true], steps.Select(step => step.AwaitsApproval));
        Assert.Equal((Capture, Eur("200.00")), (steps[0].Kind, steps[0].Amount!.Value));
    }

    [Fact]
    public void A_rebill_on_a_payment_not_authorized_as_an_estimate_always_awaits_approval_and_the_reason_says_why()
    {
        var db = Started(Debit, "db", Eur("20.00"));

        var action = Decide(db, "21.00");

        Assert.Equal("the payment was authorized as final, not as an estimate", Assert.Single(Steps(action)).ApprovalReason);
        Assert.Contains("final DB db", action.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payment_not_authorized_as_an_estimate_is_still_refunded_down_to_its_final_amount()
    {
        var pa = Started(PreAuthorization, "pa", Eur("200.00"), new PaymentDetails { AuthorizationKind = AuthorizationKind.Pre });

        Assert.Equal([new FinalAmountStep(Capture, "pa", Eur("180.00")), new FinalAmountStep(Reversal, "pa", null)], Steps(Decide(pa, "180.00")));
    }

    [Fact]
    public void An_expired_pa_is_not_captured_again_the_difference_is_rebilled_on_what_it_captured()
    {
        var pa = Started(PreAuthorization, "pa", Eur("200.00"), Estimated with { ExpiresAt = Now - Duration.FromMinutes(1) })
            .Then(Capture, "cp1", "pa", Eur("150.00"));

        Assert.Equal([new FinalAmountStep(Rebill, "pa", Eur("10.00")), new FinalAmountStep(Reversal, "pa", null)], Steps(Decide(pa, "160.00")));
    }

    [Fact]
    public void A_reversed_pa_with_nothing_captured_is_refused_because_nothing_can_be_charged()
    {
        var pa = EstimatedPa().Then(Reversal, "rv1", "pa", null);

        var action = Assert.IsType<FinalAmountAction.Refused>(Decide(pa, "50.00"));

        Assert.Contains("reversed with nothing captured", action.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_amount_in_another_currency_is_refused_never_converted()
    {
        var action = FinalAmountDecision.For(EstimatedDb(), Amount("20.00", Currency.Usd), [], Cap, Now);

        Assert.Equal("final amount 20.00 USD on db, which is in EUR: a final amount is never converted", Assert.IsType<FinalAmountAction.Refused>(action).Explanation);
    }

    [Fact]
    public void An_unknown_payment_is_unmatched()
    {
        Assert.IsType<FinalAmountAction.Unmatched>(Decide(null, "10.00"));
    }

    [Fact]
    public void A_declined_payment_is_refused()
    {
        var declined = Started(Debit, "db", Eur("20.00"), Estimated, resultCode: "800.100.151");

        Assert.Contains("was not successful", Assert.IsType<FinalAmountAction.Refused>(Decide(declined, "20.00")).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excess_beyond_what_can_be_refunded_is_refused()
    {
        var db = EstimatedDb().Then(Chargeback, "cb1", "db", Eur("20.00"));

        Assert.Contains("exceeds what can be refunded (0.00 EUR", Assert.IsType<FinalAmountAction.Refused>(Decide(db, "10.00")).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_in_flight_on_the_payment_make_it_wait()
    {
        var capture = Pending(Capture, "pa", Eur("10.00"), OperationStatus.Sending);

        Assert.IsType<FinalAmountAction.Wait>(Decide(EstimatedPa(), "180.00", capture));
    }

    [Fact]
    public void A_rebill_awaiting_approval_counts_as_charged_so_deciding_again_asks_for_nothing_twice()
    {
        var rebill = Pending(Rebill, "db", Eur("10.00"), OperationStatus.AwaitingApproval);

        Assert.IsType<FinalAmountAction.Closed>(Decide(EstimatedDb(), "30.00", rebill));
    }

    private static Operation Pending(TransactionType kind, string on, Money amount, OperationStatus status) => new()
    {
        Id = new string('a', 32),
        Kind = kind,
        ReferencedId = on,
        Currency = amount.Currency,
        Amount = amount,
        Status = status,
        RequestedBy = AuditActor.Rule("test", "test"),
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
