using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Ledger.LedgerFixtures;

namespace Settlement.Tests.Ledger;

public sealed class BackofficeRulesTests
{
    [Fact]
    public void Capture_above_the_open_amount_is_rejected_and_names_both_amounts()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00")).Then(Capture, "cp1", "pa1", Eur("70.00"));

        var rejection = payment.Refused(Capture, "cp2", "pa1", Eur("30.01"));

        Assert.Equal(LedgerRule.CaptureExceedsOpenAmount, rejection.Rule);
        Assert.Equal("capture 30.01 EUR exceeds open amount 30.00 EUR on pa1", rejection.Message);
        Assert.Equal("700.400.100", rejection.GatewayResultCode);
    }

    [Fact]
    public void Partial_captures_are_allowed_up_to_the_authorized_amount()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("60.00"))
            .Then(Capture, "cp2", "pa1", Eur("40.00"));

        Assert.Equal(Eur("100.00"), payment.Balances.Captured);
        Assert.True(payment.Balances.Open.IsZero);
    }

    [Fact]
    public void Capture_after_a_reversal_is_rejected()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00")).Then(Reversal, "rv1", "pa1", null);

        var rejection = payment.Refused(Capture, "cp1", "pa1", Eur("1.00"));

        Assert.Equal(LedgerRule.CaptureAfterReversal, rejection.Rule);
        Assert.Equal("capture 1.00 EUR on pa1, which was reversed", rejection.Message);
    }

    [Fact]
    public void Capture_at_or_after_expiry_is_rejected()
    {
        var expiresAt = Start + Duration.FromDays(7);
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"), new PaymentDetails { ExpiresAt = expiresAt });

        var rejection = payment.Refused(Capture, "cp1", "pa1", Eur("10.00"), now: expiresAt);

        Assert.Equal(LedgerRule.CaptureAfterExpiry, rejection.Rule);
        Assert.Equal("700.300.400", rejection.GatewayResultCode);
    }

    [Fact]
    public void Capture_just_before_expiry_is_accepted()
    {
        var expiresAt = Start + Duration.FromDays(7);
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"), new PaymentDetails { ExpiresAt = expiresAt });

        var result = BackofficeRules.Apply(payment, Operation(Capture, "cp1", "pa1", Eur("10.00")), expiresAt - Duration.FromSeconds(1));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Capture_on_a_debit_is_rejected()
    {
        var rejection = Started(Debit, "db1", Eur("10.00")).Refused(Capture, "cp1", "db1", Eur("1.00"));

        Assert.Equal(LedgerRule.CaptureNeedsPreAuthorization, rejection.Rule);
        Assert.Equal("capture needs a PA; db1 is a DB", rejection.Message);
    }

    [Fact]
    public void A_reversal_releases_exactly_the_open_amount()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("35.50"))
            .Then(Reversal, "rv1", "pa1", null);

        Assert.Equal(Eur("64.50"), payment.Balances.Reversed);
        Assert.True(payment.Balances.Open.IsZero);
        Assert.Equal(Eur("35.50"), payment.Balances.Captured);
    }

    [Fact]
    public void A_second_reversal_is_rejected()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00")).Then(Reversal, "rv1", "pa1", null);

        var rejection = payment.Refused(Reversal, "rv2", "pa1", null);

        Assert.Equal(LedgerRule.AlreadyReversed, rejection.Rule);
        Assert.Equal("pa1 was already reversed", rejection.Message);
        Assert.Equal("700.400.300", rejection.GatewayResultCode);
    }

    [Fact]
    public void A_reversal_of_a_fully_captured_pre_authorization_is_rejected()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00")).Then(Capture, "cp1", "pa1", Eur("100.00"));

        var rejection = payment.Refused(Reversal, "rv1", "pa1", null);

        Assert.Equal(LedgerRule.NothingOpenToReverse, rejection.Rule);
        Assert.Equal("nothing open to reverse on pa1: 100.00 EUR of 100.00 EUR captured", rejection.Message);
    }

    [Fact]
    public void A_reported_reversal_of_another_amount_than_the_open_one_is_rejected()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00")).Then(Capture, "cp1", "pa1", Eur("40.00"));

        var rejection = payment.Refused(Reversal, "rv1", "pa1", Eur("100.00"));

        Assert.Equal(LedgerRule.ReversalAmountDiffersFromOpenAmount, rejection.Rule);
        Assert.Equal("reversal 100.00 EUR differs from open amount 60.00 EUR on pa1", rejection.Message);
    }

    [Fact]
    public void Refund_above_the_refundable_amount_is_rejected_and_names_it()
    {
        var payment = Started(Debit, "db1", Eur("50.00")).Then(Refund, "rf1", "db1", Eur("30.00"));

        var rejection = payment.Refused(Refund, "rf2", "db1", Eur("30.00"));

        Assert.Equal(LedgerRule.RefundExceedsRefundable, rejection.Rule);
        Assert.Equal("refund 30.00 EUR exceeds refundable 20.00 EUR on db1", rejection.Message);
        Assert.Equal("700.400.200", rejection.GatewayResultCode);
    }

    [Fact]
    public void Partial_refunds_may_add_up_to_exactly_the_captured_amount()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("80.00"))
            .Then(Refund, "rf1", "cp1", Eur("50.00"))
            .Then(Refund, "rf2", "cp1", Eur("30.00"));

        Assert.Equal(Eur("80.00"), payment.Balances.Refunded);
        Assert.Equal(LedgerRule.RefundExceedsRefundable, payment.Refused(Refund, "rf3", "cp1", Eur("0.01")).Rule);
    }

    [Fact]
    public void Refunds_are_counted_per_leg_not_per_payment()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("40.00"))
            .Then(Capture, "cp2", "pa1", Eur("60.00"))
            .Then(Refund, "rf1", "cp1", Eur("40.00"));

        var rejection = payment.Refused(Refund, "rf2", "cp1", Eur("10.00"));

        Assert.Equal("refund 10.00 EUR exceeds refundable 0.00 EUR on cp1", rejection.Message);
        Assert.True(BackofficeRules.Apply(payment, Operation(Refund, "rf3", "cp2", Eur("60.00")), Start).IsSuccess);
    }

    [Fact]
    public void Refund_on_a_pre_authorization_is_rejected()
    {
        var rejection = Started(PreAuthorization, "pa1", Eur("100.00")).Refused(Refund, "rf1", "pa1", Eur("1.00"));

        Assert.Equal(LedgerRule.RefundNeedsCapturedLeg, rejection.Rule);
        Assert.Equal("700.400.520", rejection.GatewayResultCode);
    }

    [Fact]
    public void Refund_while_the_leg_has_an_open_chargeback_is_rejected()
    {
        var payment = Started(Debit, "db1", Eur("50.00")).Then(Chargeback, "cb1", "db1", Eur("50.00"));

        var rejection = payment.Refused(Refund, "rf1", "db1", Eur("10.00"));

        Assert.Equal(LedgerRule.OpenChargebackBlocksRefundOrReversal, rejection.Rule);
        Assert.Equal("refund 10.00 EUR on db1 while chargeback cb1 is open", rejection.Message);
        Assert.Equal("700.300.600", rejection.GatewayResultCode);
    }

    [Fact]
    public void Reversal_while_a_capture_has_an_open_chargeback_is_rejected()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("40.00"))
            .Then(Chargeback, "cb1", "cp1", Eur("40.00"));

        var rejection = payment.Refused(Reversal, "rv1", "pa1", null);

        Assert.Equal(LedgerRule.OpenChargebackBlocksRefundOrReversal, rejection.Rule);
    }

    [Fact]
    public void Refund_is_allowed_again_once_the_chargeback_was_reversed()
    {
        var payment = Started(Debit, "db1", Eur("50.00"))
            .Then(Chargeback, "cb1", "db1", Eur("50.00"))
            .Then(ChargebackReversal, "cr1", "cb1", Eur("50.00"))
            .Then(Refund, "rf1", "db1", Eur("10.00"));

        Assert.Equal(Eur("10.00"), payment.Balances.Refunded);
    }

    [Fact]
    public void A_chargeback_on_a_refunded_amount_is_recorded_with_a_warning()
    {
        var payment = Started(Debit, "db1", Eur("50.00")).Then(Refund, "rf1", "db1", Eur("50.00"));

        var result = BackofficeRules.Apply(payment, Operation(Chargeback, "cb1", "db1", Eur("50.00")), Start);

        Assert.True(result.IsSuccess);
        var warning = Assert.Single(result.Value.Warnings);
        Assert.Equal(LedgerWarningKind.ChargebackOnRefundedAmount, warning.Kind);
        Assert.Equal("chargeback 50.00 EUR on db1 exceeds what is left after refunds (0.00 EUR): refunded money charged back", warning.Message);
    }

    [Fact]
    public void A_second_chargeback_while_one_is_open_is_rejected()
    {
        var payment = Started(Debit, "db1", Eur("50.00")).Then(Chargeback, "cb1", "db1", Eur("50.00"));

        var rejection = payment.Refused(Chargeback, "cb2", "db1", Eur("50.00"));

        Assert.Equal(LedgerRule.ChargebackAlreadyOpen, rejection.Rule);
        Assert.Equal("db1 already has open chargeback cb1", rejection.Message);
        Assert.Equal("700.400.400", rejection.GatewayResultCode);
    }

    [Fact]
    public void A_second_chargeback_after_a_reversal_is_the_second_chargeback_of_the_cycle()
    {
        var payment = Started(Debit, "db1", Eur("50.00"))
            .Then(Chargeback, "cb1", "db1", Eur("50.00"))
            .Then(ChargebackReversal, "cr1", "cb1", Eur("50.00"));

        var result = BackofficeRules.Apply(payment, Operation(Chargeback, "cb2", "db1", Eur("50.00")), Start);

        Assert.True(result.IsSuccess);
        Assert.Equal(LedgerWarningKind.SecondChargeback, Assert.Single(result.Value.Warnings).Kind);
    }

    [Fact]
    public void Chargeback_on_a_pre_authorization_is_rejected()
    {
        var rejection = Started(PreAuthorization, "pa1", Eur("100.00")).Refused(Chargeback, "cb1", "pa1", Eur("1.00"));

        Assert.Equal(LedgerRule.ChargebackNeedsCapturedLeg, rejection.Rule);
    }

    [Fact]
    public void Chargeback_reversal_without_a_chargeback_is_rejected()
    {
        var rejection = Started(Debit, "db1", Eur("50.00")).Refused(ChargebackReversal, "cr1", "db1", Eur("50.00"));

        Assert.Equal(LedgerRule.ChargebackReversalNeedsChargeback, rejection.Rule);
        Assert.Equal("chargeback reversal needs a CB; db1 is a DB", rejection.Message);
        Assert.Equal("700.400.420", rejection.GatewayResultCode);
    }

    [Fact]
    public void Chargeback_reversal_twice_is_rejected()
    {
        var payment = Started(Debit, "db1", Eur("50.00"))
            .Then(Chargeback, "cb1", "db1", Eur("50.00"))
            .Then(ChargebackReversal, "cr1", "cb1", Eur("50.00"));

        var rejection = payment.Refused(ChargebackReversal, "cr2", "cb1", Eur("50.00"));

        Assert.Equal(LedgerRule.ChargebackAlreadyReversed, rejection.Rule);
        Assert.Equal("chargeback cb1 was already reversed", rejection.Message);
        Assert.Equal("700.400.410", rejection.GatewayResultCode);
    }

    [Fact]
    public void Chargeback_reversal_of_another_amount_than_the_chargeback_is_rejected()
    {
        var payment = Started(Debit, "db1", Eur("50.00")).Then(Chargeback, "cb1", "db1", Eur("50.00"));

        var rejection = payment.Refused(ChargebackReversal, "cr1", "cb1", Eur("49.99"));

        Assert.Equal(LedgerRule.ChargebackReversalAmountDiffers, rejection.Rule);
        Assert.Equal("chargeback reversal 49.99 EUR differs from chargeback 50.00 EUR on cb1", rejection.Message);
    }

    [Fact]
    public void Rebill_on_a_pre_authorization_with_nothing_captured_is_rejected()
    {
        var rejection = Started(PreAuthorization, "pa1", Eur("100.00")).Refused(Rebill, "rb1", "pa1", Eur("10.00"));

        Assert.Equal(LedgerRule.RebillNeedsCapturedPayment, rejection.Rule);
        Assert.Equal("rebill 10.00 EUR on pa1: the PA has nothing captured", rejection.Message);
    }

    [Fact]
    public void Rebill_on_a_declined_payment_is_rejected()
    {
        var declined = Started(Debit, "db1", Eur("100.00"), resultCode: "800.100.151");

        var rejection = declined.Refused(Rebill, "rb1", "db1", Eur("10.00"));

        Assert.Equal(LedgerRule.ReferenceNotSuccessful, rejection.Rule);
        Assert.Equal("payment db1 was not successful (result 800.100.151)", rejection.Message);
        Assert.Equal("700.300.200", rejection.GatewayResultCode);
    }

    [Fact]
    public void Rebill_on_a_captured_pre_authorization_adds_to_what_was_billed()
    {
        var payment = Started(PreAuthorization, "pa1", Eur("100.00"))
            .Then(Capture, "cp1", "pa1", Eur("100.00"))
            .Then(Rebill, "rb1", "pa1", Eur("25.00"))
            .Then(Refund, "rf1", "rb1", Eur("25.00"));

        Assert.Equal(Eur("25.00"), payment.Balances.Rebilled);
        Assert.Equal(Eur("25.00"), payment.Balances.Refunded);
    }

    [Fact]
    public void An_operation_in_another_currency_than_its_leg_is_rejected()
    {
        var rejection = Started(Debit, "db1", Eur("50.00")).Refused(Refund, "rf1", "db1", Amount("10.00", Currency.Usd));

        Assert.Equal(LedgerRule.CurrencyMismatch, rejection.Rule);
        Assert.Equal("refund in USD on db1, which is in EUR", rejection.Message);
        Assert.Equal("700.100.500", rejection.GatewayResultCode);
    }

    [Fact]
    public void A_zero_amount_operation_is_rejected()
    {
        var rejection = Started(Debit, "db1", Eur("50.00")).Refused(Refund, "rf1", "db1", Eur("0.00"));

        Assert.Equal(LedgerRule.AmountNotPositive, rejection.Rule);
    }

    [Fact]
    public void An_operation_on_a_transaction_of_another_payment_is_rejected()
    {
        var rejection = Started(Debit, "db1", Eur("50.00")).Refused(Refund, "rf1", "db2", Eur("1.00"));

        Assert.Equal(LedgerRule.ReferenceNotFound, rejection.Rule);
    }

    [Fact]
    public void An_unsuccessful_operation_is_not_recorded()
    {
        var payment = Started(Debit, "db1", Eur("50.00"));
        var declined = Operation(Refund, "rf1", "db1", Eur("1.00")) with { ResultCode = "800.100.151" };

        var result = BackofficeRules.Apply(payment, declined, Start);

        Assert.Equal(LedgerRule.ResultNotSuccessful, result.Error.Rule);
    }

    [Fact]
    public void A_payment_cannot_start_with_a_backoffice_type()
    {
        var result = BackofficeRules.Start(new NewPayment("cp1", Capture, Eur("1.00"), Start, Success));

        Assert.Equal(LedgerRule.PaymentMustStartWithPaDbOrCd, result.Error.Rule);
    }

    [Fact]
    public void A_payout_counts_as_paid_out_and_cannot_be_refunded()
    {
        var payout = Started(Credit, "cd1", Eur("20.00"));

        Assert.Equal(Eur("20.00"), payout.Balances.PaidOut);
        Assert.True(payout.Balances.Authorized.IsZero);
        Assert.Equal(LedgerRule.RefundNeedsCapturedLeg, payout.Refused(Refund, "rf1", "cd1", Eur("1.00")).Rule);
    }

    [Fact]
    public void Zero_decimal_currencies_are_checked_in_whole_units()
    {
        var payment = Started(Debit, "db1", Amount("5000", Currency.Jpy));

        var rejection = payment.Refused(Refund, "rf1", "db1", Amount("5001", Currency.Jpy));

        Assert.Equal("refund 5001 JPY exceeds refundable 5000 JPY on db1", rejection.Message);
    }
}
