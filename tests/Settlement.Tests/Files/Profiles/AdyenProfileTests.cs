using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using static Settlement.Tests.Files.Profiles.SampleReports;

namespace Settlement.Tests.Files.Profiles;

public sealed class AdyenProfileTests
{
    /// <summary>The classic 30-column settlement details report: chargebacks, fees and the batch's merchant payout.</summary>
    internal static readonly ReportLayout<ChargebacksExpected> Chargebacks = new(
        "adyen-sdr-chargebacks-fees-payout.csv",
        new(
            Counts: (5, 0, 0),
            PaymentId: "8816040012345671",
            MerchantReference: "70412883.0",
            BatchId: "17",
            Date: new LocalDate(2026, 3, 4),
            LineId: "17|Chargeback|8816040012345671|8816040012345689",
            Gross: Usd("12.40"),
            Fee: Usd("2.50"),
            Net: Usd("14.90"),
            FeeLineId: "17|Fee||Transaction Fees March  2026",
            FeeGross: Usd("2.35"),
            PayoutGross: Usd("512.60")),
        "adyen_sdr_chargeback.csv",
        new(
            Counts: (3, 0, 0),
            PaymentId: "4555568860022701",
            MerchantReference: "92598318.0",
            BatchId: "3",
            Date: new LocalDate(2016, 2, 10),
            LineId: "3|Chargeback|4555568860022701|4555568869855336",
            Gross: Usd("1.00"),
            Fee: Usd("2.00"),
            Net: Usd("3.00"),
            FeeLineId: "3|Fee||Transaction Fees February  2016",
            FeeGross: Usd("1.80"),
            PayoutGross: Usd("4.03")));

    /// <summary>The classic layout with chargebacks reversed: empty debits written as <c>""</c>, no line break after the last row.</summary>
    internal static readonly ReportLayout<ReversedExpected> Reversed = new(
        "adyen-sdr-chargebacks-reversed.csv",
        new(Counts: (2, 0, 0), Gross: Usd("87.00"), Net: Usd("86.64"), Markup: Usd("0.36")),
        "adyen_sdr_chargeback_reversed.csv",
        new(Counts: (1, 0, 0), Gross: Usd("52.00"), Net: Usd("51.89"), Markup: Usd("0.11")));

    /// <summary>The 49-column layout of the 2023+ report migration, where a spreadsheet turned one row's ARN into scientific notation.</summary>
    private static readonly ReportLayout<ExtendedExpected> Extended = new(
        "adyen-sdr-extended-invoice-deductions.csv",
        new(Counts: (2, 0, 1), ErrorLine: 2, MangledArn: "7.4611093815E+022", DeductionLine: 3, Deduction: Usd("0.04"), BatchId: "1204", Date: new LocalDate(2026, 2, 28)),
        "adyen_sdr_extended_columns_invoice_deduction.csv",
        new(Counts: (1, 0, 1), ErrorLine: 2, MangledArn: "1.2302025304E+022", DeductionLine: 3, Deduction: Usd("0.03"), BatchId: "1136", Date: new LocalDate(2025, 10, 31)));

    /// <summary>The payments accounting report, read for its dispute records.</summary>
    private static readonly ReportLayout<AccountingExpected> Accounting = new(
        "adyen-payments-accounting-chargebacks.csv",
        new(Counts: (2, 1, 0), DisputeId: "K7QW2M9XJ4TB8RLC", MerchantReference: "310558204.2", Amount: Usd("41.60"), Date: new LocalDate(2026, 5, 6)),
        "adyen_payments_accounting_chargeback.csv",
        new(Counts: (1, 0, 0), DisputeId: "DASD76ASD7ASD4AS", MerchantReference: "189748459.1", Amount: Usd("23.87"), Date: new LocalDate(2023, 10, 12)));

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task A_settlement_details_report_of_chargebacks_fees_and_a_payout_reads_every_row_as_a_settlement_line(ReportCopy copy)
    {
        var (report, expected) = await Chargebacks.ReadAsync(copy);

        Assert.Equal((FileKind.Settlement, "adyen-sdr"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        var chargeback = report.Settlement.First();
        Assert.Equal(SettlementRecordType.Chargeback, chargeback.RecordType);
        Assert.Equal((expected.Gross, expected.Net, expected.Fee), (chargeback.Gross, chargeback.Net!.Value, chargeback.Fee!.Value));
        Assert.Equal((expected.PaymentId, expected.MerchantReference, expected.BatchId), (chargeback.PaymentId, chargeback.MerchantTransactionId, chargeback.BatchId));
        Assert.Equal(expected.Date, chargeback.SettlementDate);
        Assert.Equal(expected.LineId, chargeback.LineId);
        Assert.Equal("VISA", chargeback.CardBrand);
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task Fee_and_payout_rows_without_a_gross_amount_take_their_net_amount(ReportCopy copy)
    {
        var (report, expected) = await Chargebacks.ReadAsync(copy);

        var fee = report.First(SettlementRecordType.Fee);
        Assert.Equal((expected.FeeLineId, expected.FeeGross), (fee.LineId, fee.Gross));
        Assert.Equal(expected.PayoutGross, report.First(SettlementRecordType.Payout).Gross);
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task A_chargeback_reversal_is_a_credit_with_its_markup_written_without_a_leading_zero(ReportCopy copy)
    {
        var (report, expected) = await Reversed.ReadAsync(copy);

        Assert.Equal(expected.Counts, report.Counts);
        Assert.All(report.Settlement, line => Assert.Equal(SettlementRecordType.ChargebackReversed, line.RecordType));
        var line = report.Settlement.First();
        Assert.Equal((expected.Gross, expected.Net, expected.Markup), (line.Gross, line.Net!.Value, line.Fee!.Value));
        Assert.Equal(1m, line.ExchangeRate);
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task The_extended_49_column_layout_reads_with_the_same_profile_and_reports_the_spreadsheet_mangled_arn(ReportCopy copy)
    {
        var (report, expected) = await Extended.ReadAsync(copy);

        Assert.Equal("adyen-sdr", report.Source);
        Assert.Equal(expected.Counts, report.Counts);
        var error = report.Errors.Single();
        Assert.Equal((expected.ErrorLine, "ARN", expected.MangledArn), (error.LineNumber, error.Column, error.Value));
        Assert.Contains("scientific notation", error.Reason, StringComparison.Ordinal);
        var deduction = report.Settlement.First();
        Assert.Equal((expected.DeductionLine, SettlementRecordType.Adjustment, expected.Deduction, expected.BatchId), (deduction.LineNumber, deduction.RecordType, deduction.Gross, deduction.BatchId));
        Assert.Equal(expected.Date, deduction.SettlementDate);
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task The_payments_accounting_report_gives_its_chargeback_records_as_dispute_events_with_the_scheme_named(ReportCopy copy)
    {
        var (report, expected) = await Accounting.ReadAsync(copy);

        Assert.Equal((FileKind.Chargebacks, "adyen-payments-accounting-disputes"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        var chargeback = report.Chargebacks.First();
        Assert.Equal((ChargebackEventType.Chargeback, expected.DisputeId, expected.MerchantReference), (chargeback.Event, chargeback.DisputeId, chargeback.MerchantTransactionId));
        Assert.Equal((expected.Amount, "MASTER", expected.Date), (chargeback.Amount!.Value, chargeback.Scheme, chargeback.EventDate));
    }

    /// <summary>Of the whole file, then of its first row (a Visa chargeback), its first fee and its payout.</summary>
    internal sealed record ChargebacksExpected(
        (int Good, long Ignored, int Errors) Counts,
        string PaymentId,
        string MerchantReference,
        string BatchId,
        LocalDate Date,
        string LineId,
        Money Gross,
        Money Fee,
        Money Net,
        string FeeLineId,
        Money FeeGross,
        Money PayoutGross);

    /// <summary>Of the whole file, then of its first reversal.</summary>
    internal sealed record ReversedExpected((int Good, long Ignored, int Errors) Counts, Money Gross, Money Net, Money Markup);

    /// <summary>Of the whole file, the row whose ARN is mangled, then the first good deduction.</summary>
    private sealed record ExtendedExpected((int Good, long Ignored, int Errors) Counts, long ErrorLine, string MangledArn, long DeductionLine, Money Deduction, string BatchId, LocalDate Date);

    /// <summary>Of the whole file, then of its first chargeback (a Mastercard one).</summary>
    private sealed record AccountingExpected((int Good, long Ignored, int Errors) Counts, string DisputeId, string MerchantReference, Money Amount, LocalDate Date);
}
