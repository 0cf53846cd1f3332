using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using static Settlement.Tests.Files.Profiles.SampleReports;

namespace Settlement.Tests.Files.Profiles;

public sealed class StripeProfileTests
{
    /// <summary>Itemized payout reconciliation with payment_metadata[...] columns; amounts signed; a dispute reversal outside any payout.</summary>
    private static readonly ReportLayout<ItemizedExpected> Itemized = new(
        "stripe-payout-reconciliation-itemized.csv",
        new(
            Counts: (6, 0, 1),
            ErrorLine: 6,
            ChargeLineId: "txn_fx_a01",
            ChargeId: "ch_fx4410",
            PayoutId: "po_fx7Qm2Lk",
            ChargeGross: Usd("42.00"),
            ChargeFee: Usd("1.52"),
            ChargeNet: Usd("40.48"),
            Date: new LocalDate(2026, 5, 15),
            RefundId: "re_fx4410",
            RefundGross: Usd("12.50"),
            FeeGross: Usd("0.80")),
        "stripe_payout_reconciliation_itemized.csv",
        new(
            Counts: (6, 0, 1),
            ErrorLine: 7,
            ChargeLineId: "txn_001",
            ChargeId: "ch_123",
            PayoutId: "po_test123",
            ChargeGross: Usd("25.00"),
            ChargeFee: Usd("0.95"),
            ChargeNet: Usd("24.05"),
            Date: new LocalDate(2026, 1, 31),
            RefundId: "re_123",
            RefundGross: Usd("10.00"),
            FeeGross: Usd("0.50")));

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task An_itemized_payout_reconciliation_reads_charges_refunds_fees_and_the_payout_and_reports_the_row_without_a_payout(ReportCopy copy)
    {
        var (report, expected) = await Itemized.ReadAsync(copy);

        Assert.Equal((FileKind.Settlement, "stripe-payout-reconciliation"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        Assert.Equal(
            [SettlementRecordType.Settled, SettlementRecordType.Refunded, SettlementRecordType.Settled, SettlementRecordType.Fee, SettlementRecordType.Fee, SettlementRecordType.Payout],
            report.Settlement.Select(line => line.RecordType));
        var error = report.Errors.Single();
        Assert.Equal((expected.ErrorLine, "automatic_payout_id"), (error.LineNumber, error.Column));
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task Signed_amounts_become_magnitudes_with_the_direction_in_the_record_type(ReportCopy copy)
    {
        var (report, expected) = await Itemized.ReadAsync(copy);

        var charge = report.Settlement.First();
        Assert.Equal((expected.ChargeLineId, expected.ChargeId, expected.PayoutId, "VISA"), (charge.LineId, charge.PaymentId, charge.BatchId, charge.CardBrand));
        Assert.Equal((expected.ChargeGross, expected.ChargeFee, expected.ChargeNet), (charge.Gross, charge.Fee!.Value, charge.Net!.Value));
        Assert.Equal(expected.Date, charge.SettlementDate);
        var refund = report.First(SettlementRecordType.Refunded);
        Assert.Equal((expected.RefundId, expected.RefundGross), (refund.PaymentId, refund.Gross));
        var fee = report.First(SettlementRecordType.Fee);
        Assert.Equal((expected.FeeGross, (string?)null), (fee.Gross, fee.PaymentId));
    }

    /// <summary>Of the whole file and its row without a payout, then of its first charge (Visa), first refund and first fee.</summary>
    private sealed record ItemizedExpected(
        (int Good, long Ignored, int Errors) Counts,
        long ErrorLine,
        string ChargeLineId,
        string ChargeId,
        string PayoutId,
        Money ChargeGross,
        Money ChargeFee,
        Money ChargeNet,
        LocalDate Date,
        string RefundId,
        Money RefundGross,
        Money FeeGross);
}
