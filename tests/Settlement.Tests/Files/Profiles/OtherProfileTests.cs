using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using static Settlement.Tests.Files.Profiles.SampleReports;
using static Settlement.Tests.Ledger.LedgerFixtures;

namespace Settlement.Tests.Files.Profiles;

public sealed class OtherProfileTests
{
    /// <summary>Checkout.com settlement breakdown: one payout's charges, service charges (fees) and the payout itself, deductions negative.</summary>
    private static readonly ReportLayout<BreakdownExpected> Breakdown = new(
        "checkoutcom-settlement-breakdown.csv",
        new(
            Counts: (8, 0, 0),
            LineId: "00000007T214|Charge|pay_fx_charge_101",
            PaymentId: "pay_fx_charge_101",
            Reference: "FBK-ORD-20931",
            Gross: Usd("80.00"),
            Fee: Usd("2.40"),
            Net: Usd("77.60"),
            Date: new LocalDate(2026, 6, 12),
            PayoutNet: Usd("1.50")),
        "checkoutcom_settlement_breakdown.csv",
        new(
            Counts: (9, 0, 0),
            LineId: "00000003K599|Charge|pay_test_charge_001",
            PaymentId: "pay_test_charge_001",
            Reference: "4RpfKjZxqXWKsUOeHaVteD",
            Gross: Usd("50.00"),
            Fee: Usd("1.50"),
            Net: Usd("48.50"),
            Date: new LocalDate(2026, 7, 2),
            PayoutNet: Usd("2.00")));

    /// <summary>dLocal chargebacks export: semicolon-delimited, some header names quoted.</summary>
    private static readonly ReportLayout<DlocalExpected> Dlocal = new(
        "dlocal-chargebacks.csv",
        new(Counts: (2, 0, 0), DisputeId: "40981", PaymentId: "88213007", Invoice: "55120931.0", Amount: Amount("37.90", Currency.Parse("BRL").Value), Date: new LocalDate(2026, 2, 11)),
        "dlocal_chargebacks.csv",
        new(Counts: (1, 0, 0), DisputeId: "12345", PaymentId: "7654321", Invoice: "314159265.0", Amount: Amount("5.00", Currency.Parse("BRL").Value), Date: new LocalDate(2023, 6, 19)));

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task A_checkout_settlement_breakdown_reads_charges_service_fees_and_the_payout(ReportCopy copy)
    {
        var (report, expected) = await Breakdown.ReadAsync(copy);

        Assert.Equal((FileKind.Settlement, "checkoutcom-settlement-breakdown"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        var charge = report.Settlement.First();
        Assert.Equal((expected.LineId, expected.PaymentId, expected.Reference), (charge.LineId, charge.PaymentId, charge.MerchantTransactionId));
        Assert.Equal((expected.Gross, expected.Fee, expected.Net), (charge.Gross, charge.Fee!.Value, charge.Net!.Value));
        Assert.Equal((SettlementRecordType.Settled, expected.Date, "VISA"), (charge.RecordType, charge.SettlementDate, charge.CardBrand));
        Assert.Equal(4, report.Settlement.Count(line => line.RecordType == SettlementRecordType.Fee));
        var payout = report.Settlement.Last();
        Assert.Equal((SettlementRecordType.Payout, expected.PayoutNet), (payout.RecordType, payout.Net!.Value));
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task A_semicolon_delimited_dlocal_chargebacks_export_reads_its_rows_as_chargebacks(ReportCopy copy)
    {
        var (report, expected) = await Dlocal.ReadAsync(copy);

        Assert.Equal((FileKind.Chargebacks, "dlocal-chargebacks"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        Assert.All(report.Chargebacks, chargeback => Assert.Equal(ChargebackEventType.Chargeback, chargeback.Event));
        var first = report.Chargebacks.First();
        Assert.Equal((expected.DisputeId, expected.PaymentId, expected.Invoice), (first.DisputeId, first.PaymentId, first.MerchantTransactionId));
        Assert.Equal((expected.Amount, expected.Date), (first.Amount!.Value, first.EventDate));
    }

    /// <summary>Of the whole file, then of its first charge (Visa) and of the payout, its last row.</summary>
    private sealed record BreakdownExpected(
        (int Good, long Ignored, int Errors) Counts,
        string LineId,
        string PaymentId,
        string Reference,
        Money Gross,
        Money Fee,
        Money Net,
        LocalDate Date,
        Money PayoutNet);

    /// <summary>Of the whole file, then of its first chargeback.</summary>
    private sealed record DlocalExpected((int Good, long Ignored, int Errors) Counts, string DisputeId, string PaymentId, string Invoice, Money Amount, LocalDate Date);
}
