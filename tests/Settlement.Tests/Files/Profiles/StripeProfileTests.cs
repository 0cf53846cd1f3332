using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles;

public sealed class StripeProfileTests
{
    [Fact]
    public async Task An_itemized_payout_reconciliation_reads_charges_refunds_fees_and_the_payout_and_reports_the_row_without_a_payout()
    {
        var report = await SampleReports.ReadAsync("stripe_payout_reconciliation_itemized.csv");

        Assert.Equal((FileKind.Settlement, "stripe-payout-reconciliation"), (report.Kind, report.Source));
        Assert.Equal((6, 0L, 1), report.Counts);
        Assert.Equal(
            [SettlementRecordType.Settled, SettlementRecordType.Refunded, SettlementRecordType.Settled, SettlementRecordType.Fee, SettlementRecordType.Fee, SettlementRecordType.Payout],
            report.Settlement.Select(line => line.RecordType));
        var error = report.Errors.Single();
        Assert.Equal((7L, "automatic_payout_id"), (error.LineNumber, error.Column));
    }

    [Fact]
    public async Task Signed_amounts_become_magnitudes_with_the_direction_in_the_record_type()
    {
        var report = await SampleReports.ReadAsync("stripe_payout_reconciliation_itemized.csv");

        var charge = report.Settlement.First();
        Assert.Equal(("txn_001", "ch_123", "po_test123", "VISA"), (charge.LineId, charge.PaymentId, charge.BatchId, charge.CardBrand));
        Assert.Equal((new Money(2500, Currency.Usd), new Money(95, Currency.Usd), new Money(2405, Currency.Usd)), (charge.Gross, charge.Fee!.Value, charge.Net!.Value));
        Assert.Equal(new LocalDate(2026, 1, 31), charge.SettlementDate);
        var refund = report.Settlement.ElementAt(1);
        Assert.Equal(("re_123", new Money(1000, Currency.Usd)), (refund.PaymentId, refund.Gross));
        var fee = report.Settlement.ElementAt(3);
        Assert.Equal((new Money(50, Currency.Usd), (string?)null), (fee.Gross, fee.PaymentId));
    }
}
