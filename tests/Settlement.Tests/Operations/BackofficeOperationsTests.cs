using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>Every backoffice type end to end: request → job → simulator → ledger leg.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class BackofficeOperationsTests(OperationsHost host)
{
    [Fact]
    public async Task A_partial_capture_then_the_reversal_of_the_rest_end_in_the_ledger()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("100.00"));

        var capture = await host.WaitForSuccessAsync((await host.RequestAsync(Capture, pa, Eur("60.00"))).Id);
        var reversal = await host.WaitForSuccessAsync((await host.RequestAsync(Reversal, pa)).Id);

        var payment = (await host.Ledger.FindPaymentAsync(pa, CancellationToken.None))!;
        Assert.Equal((Eur("60.00"), Eur("40.00"), Eur("0.00")), (payment.Balances.Captured, payment.Balances.Reversed, payment.OpenAmount));
        Assert.Equal(capture.Id, payment.Find(capture.GatewayTransactionId!)!.MerchantTransactionId);
        Assert.Equal(Eur("40.00"), payment.Find(reversal.GatewayTransactionId!)!.Amount);
        Assert.Equal(1, capture.Attempts);
    }

    [Fact]
    public async Task Partial_refunds_are_recorded_and_one_beyond_the_refundable_amount_is_refused_before_any_job()
    {
        var db = await host.PaymentAsync(Debit, Eur("80.00"));
        await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("30.00"))).Id);
        await host.WaitForSuccessAsync((await host.RequestAsync(Refund, db, Eur("50.00"))).Id);
        var before = await host.ScalarAsync<long>("SELECT count(*) FROM operations.operations");

        var third = await host.Requests.RequestAsync(new OperationOrder(Refund, db, Eur("0.01"), null, AuditActor.Operator("tests", "test")), CancellationToken.None);

        Assert.Equal(LedgerRule.RefundExceedsRefundable, third.Error.Rule);
        Assert.Equal(before, await host.ScalarAsync<long>("SELECT count(*) FROM operations.operations"));
        Assert.Equal(Eur("80.00"), (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!.Balances.Refunded);
    }

    [Fact]
    public async Task A_chargeback_then_its_reversal_carry_the_reason_and_the_full_amount()
    {
        var db = await host.PaymentAsync(Debit, Eur("45.00"));

        var chargeback = await host.WaitForSuccessAsync((await host.RequestAsync(Chargeback, db, Eur("45.00"), reasonCode: "10.4")).Id);
        var reversal = await host.WaitForSuccessAsync((await host.RequestAsync(ChargebackReversal, chargeback.GatewayTransactionId)).Id);

        var payment = (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!;
        Assert.Equal((Eur("45.00"), Eur("45.00")), (payment.Balances.ChargedBack, payment.Balances.ChargebackReversed));
        Assert.Equal(chargeback.GatewayTransactionId, payment.Find(reversal.GatewayTransactionId!)!.ReferencedId);
        Assert.Equal("10.4", await host.ScalarAsync<string>("SELECT chargeback_reason_code FROM simulator.transactions WHERE transaction_id = @id", ("id", chargeback.GatewayTransactionId!)));
    }

    [Fact]
    public async Task A_payout_starts_a_credit_payment_in_the_ledger()
    {
        var payout = await host.WaitForSuccessAsync((await host.RequestAsync(Credit, null, Eur("25.00"))).Id);

        var payment = (await host.Ledger.FindPaymentAsync(payout.GatewayTransactionId!, CancellationToken.None))!;
        Assert.Equal((Credit, Eur("25.00"), payout.Id), (payment.Root.Type, payment.Balances.PaidOut, payment.Root.MerchantTransactionId));
    }

    [Fact]
    public async Task A_rebill_charges_on_top_of_a_debit()
    {
        var db = await host.PaymentAsync(Debit, Eur("30.00"));

        var rebill = await host.WaitForSuccessAsync((await host.RequestAsync(Rebill, db, Eur("12.34"))).Id);

        var payment = (await host.Ledger.FindPaymentAsync(db, CancellationToken.None))!;
        Assert.Equal(Eur("12.34"), payment.Balances.Rebilled);
        Assert.Equal(Rebill, payment.Find(rebill.GatewayTransactionId!)!.Type);
    }

    [Fact]
    public async Task A_capture_without_an_amount_captures_the_open_amount()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("70.00"));

        var capture = await host.WaitForSuccessAsync((await host.RequestAsync(Capture, pa)).Id);

        Assert.Equal(Eur("70.00"), capture.Amount);
        Assert.Equal(Eur("70.00"), (await host.Ledger.FindPaymentAsync(pa, CancellationToken.None))!.Balances.Captured);
    }
}
