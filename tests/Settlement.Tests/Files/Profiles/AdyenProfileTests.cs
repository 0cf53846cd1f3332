using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles;

public sealed class AdyenProfileTests
{
    [Fact]
    public async Task A_settlement_details_report_with_a_chargeback_a_fee_and_a_payout_reads_as_three_settlement_lines()
    {
        var report = await SampleReports.ReadAsync("adyen_sdr_chargeback.csv");

        Assert.Equal((FileKind.Settlement, "adyen-sdr"), (report.Kind, report.Source));
        Assert.Equal((3, 0L, 0), report.Counts);
        var chargeback = report.Settlement.First();
        Assert.Equal(SettlementRecordType.Chargeback, chargeback.RecordType);
        Assert.Equal(new Money(100, Currency.Usd), chargeback.Gross);
        Assert.Equal(new Money(300, Currency.Usd), chargeback.Net);
        Assert.Equal(new Money(200, Currency.Usd), chargeback.Fee);
        Assert.Equal(("4555568860022701", "92598318.0", "3"), (chargeback.PaymentId, chargeback.MerchantTransactionId, chargeback.BatchId));
        Assert.Equal(new LocalDate(2016, 2, 10), chargeback.SettlementDate);
        Assert.Equal("3|Chargeback|4555568860022701|4555568869855336", chargeback.LineId);
        Assert.Equal("VISA", chargeback.CardBrand);
    }

    [Fact]
    public async Task Fee_and_payout_rows_without_a_gross_amount_take_their_net_amount()
    {
        var report = await SampleReports.ReadAsync("adyen_sdr_chargeback.csv");

        var fee = report.Settlement.ElementAt(1);
        var payout = report.Settlement.ElementAt(2);
        Assert.Equal((SettlementRecordType.Fee, new Money(180, Currency.Usd), "3|Fee||Transaction Fees February  2016"), (fee.RecordType, fee.Gross, fee.LineId));
        Assert.Equal((SettlementRecordType.Payout, new Money(403, Currency.Usd)), (payout.RecordType, payout.Gross));
    }

    [Fact]
    public async Task A_chargeback_reversal_is_a_credit_with_its_markup_written_without_a_leading_zero()
    {
        var report = await SampleReports.ReadAsync("adyen_sdr_chargeback_reversed.csv");

        Assert.Equal((1, 0L, 0), report.Counts);
        var line = report.Settlement.Single();
        Assert.Equal(SettlementRecordType.ChargebackReversed, line.RecordType);
        Assert.Equal((new Money(5200, Currency.Usd), new Money(5189, Currency.Usd), new Money(11, Currency.Usd)), (line.Gross, line.Net!.Value, line.Fee!.Value));
        Assert.Equal(1m, line.ExchangeRate);
    }

    [Fact]
    public async Task The_extended_49_column_layout_reads_with_the_same_profile_and_reports_the_spreadsheet_mangled_arn()
    {
        var report = await SampleReports.ReadAsync("adyen_sdr_extended_columns_invoice_deduction.csv");

        Assert.Equal("adyen-sdr", report.Source);
        Assert.Equal((1, 0L, 1), report.Counts);
        var error = report.Errors.Single();
        Assert.Equal((2L, "ARN", "1.2302025304E+022"), (error.LineNumber, error.Column, error.Value));
        Assert.Contains("scientific notation", error.Reason, StringComparison.Ordinal);
        var deduction = report.Settlement.Single();
        Assert.Equal((3L, SettlementRecordType.Adjustment, new Money(3, Currency.Usd), "1136"), (deduction.LineNumber, deduction.RecordType, deduction.Gross, deduction.BatchId));
        Assert.Equal(new LocalDate(2025, 10, 31), deduction.SettlementDate);
    }

    [Fact]
    public async Task The_payments_accounting_report_gives_its_chargeback_record_as_a_dispute_event_with_the_scheme_named()
    {
        var report = await SampleReports.ReadAsync("adyen_payments_accounting_chargeback.csv");

        Assert.Equal((FileKind.Chargebacks, "adyen-payments-accounting-disputes"), (report.Kind, report.Source));
        Assert.Equal((1, 0L, 0), report.Counts);
        var chargeback = report.Chargebacks.Single();
        Assert.Equal((ChargebackEventType.Chargeback, "DASD76ASD7ASD4AS", "189748459.1"), (chargeback.Event, chargeback.DisputeId, chargeback.MerchantTransactionId));
        Assert.Equal((new Money(2387, Currency.Usd), "MASTER", new LocalDate(2023, 10, 12)), (chargeback.Amount!.Value, chargeback.Scheme, chargeback.EventDate));
    }
}
