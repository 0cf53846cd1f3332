using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class StripeBalanceLayoutTests
{
    private const string Report = "stripe-balance-change-2026-11.csv";

    [Fact]
    public async Task Balance_activity_reads_every_reporting_category_and_leaves_the_payout_to_the_payout_reports()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal((FileKind.Settlement, "stripe-balance"), (report.Kind, report.Source));
        Assert.Equal((10, 1L, 1), report.Counts);
        Assert.Equal(
            [
                SettlementRecordType.Settled, SettlementRecordType.Settled, SettlementRecordType.Settled, SettlementRecordType.Refunded, SettlementRecordType.Refunded,
                SettlementRecordType.Chargeback, SettlementRecordType.ChargebackReversed, SettlementRecordType.Fee, SettlementRecordType.Fee, SettlementRecordType.Adjustment,
            ],
            report.Settlement.Select(line => line.RecordType));
    }

    [Fact]
    public async Task A_charge_keeps_its_amounts_to_the_minor_unit_and_its_batch_is_the_day_the_funds_became_available()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var charge = report.Settlement.First();
        Assert.Equal(("txn_1QbL2aKw0001", "ch_1QbL2aKwC0001", "stripe-available:2026-11-04", new LocalDate(2026, 11, 4)), (charge.LineId, charge.PaymentId, charge.BatchId, charge.SettlementDate));
        Assert.Equal((new Money(8000, Currency.Usd), new Money(262, Currency.Usd), new Money(7738, Currency.Usd)), (charge.Gross, charge.Fee!.Value, charge.Net!.Value));
        Assert.Equal(new Money(1500, Currency.Jpy), report.Settlement.ElementAt(2).Gross);
        Assert.Equal("stripe-available:2026-11-05", report.Settlement.ElementAt(4).BatchId);
    }

    [Fact]
    public async Task Fees_keep_their_direction_relative_to_the_line_so_net_is_gross_less_fee_as_stripe_wrote_it()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var plainRefund = report.Settlement.ElementAt(3);
        Assert.Equal((new Money(2000, Currency.Usd), new Money(0, Currency.Usd), new Money(2000, Currency.Usd)), (plainRefund.Gross, plainRefund.Fee!.Value, plainRefund.Net!.Value));

        // Stripe gave 0.87 of the charge's fee back: it lessens what the refund takes.
        var refundWithFeeBack = report.Settlement.ElementAt(4);
        Assert.Equal((new Money(3000, Currency.Usd), new Money(87, Currency.Usd), new Money(2913, Currency.Usd)), (refundWithFeeBack.Gross, refundWithFeeBack.Fee!.Value, refundWithFeeBack.Net!.Value));

        // The dispute fee adds to what the chargeback takes; winning gives it back, which lessens what the reversal brings.
        var dispute = report.Settlement.ElementAt(5);
        Assert.Equal((new Money(6490, Currency.Usd), new Money(-1500, Currency.Usd), new Money(7990, Currency.Usd)), (dispute.Gross, dispute.Fee!.Value, dispute.Net!.Value));
        var reversal = report.Settlement.ElementAt(6);
        Assert.Equal((new Money(6490, Currency.Usd), new Money(-1500, Currency.Usd), new Money(7990, Currency.Usd)), (reversal.Gross, reversal.Fee!.Value, reversal.Net!.Value));

        Assert.All(report.Settlement, line => Assert.Equal(line.Net!.Value.MinorUnits, line.Gross.MinorUnits - line.Fee!.Value.MinorUnits));
    }

    [Fact]
    public async Task A_fee_refunded_and_an_adjustment_that_takes_money_are_lines_of_the_other_direction()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal(
            [new Money(5, Currency.Usd), new Money(-5, Currency.Usd), new Money(-300, Currency.Usd)],
            report.Settlement.Skip(7).Select(line => line.Gross));
        Assert.All(report.Settlement.Skip(7), line => Assert.Null(line.PaymentId));
    }

    [Fact]
    public async Task A_charge_written_as_money_taken_is_a_line_error_rather_than_a_silent_flip()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var error = Assert.Single(report.Errors);
        Assert.Equal((13L, "gross"), (error.LineNumber, error.Column));
        Assert.Contains("moves money from the merchant, but a SETTLED line moves it to the merchant", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payout_reconciliation_report_with_the_same_columns_and_a_payout_id_is_still_read_by_its_own_profile()
    {
        var report = await LayoutFixtures.ReadTextAsync(
            "balance_transaction_id,created,available_on,automatic_payout_id,automatic_payout_effective_at,currency,gross,fee,net,reporting_category,source_id\n"
            + "txn_1QbL2aKw0101,2026-11-02 10:00:00,2026-11-04 00:00:00,po_1QbL2aKwP0101,2026-11-05 00:00:00,usd,10.00,0.59,9.41,charge,ch_1QbL2aKwC0101\n");

        Assert.Equal("stripe-payout-reconciliation", report.Source);
        Assert.Equal("po_1QbL2aKwP0101", Assert.Single(report.Settlement).BatchId);
    }
}
