using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts;

public sealed class PayPalLayoutTests
{
    [Fact]
    public async Task A_settlement_report_reads_its_body_rows_with_the_direction_flags_and_two_implied_decimals()
    {
        var report = await LayoutFixtures.ReadAsync("paypal-stl.csv");

        Assert.Equal((FileKind.Settlement, "paypal-stl"), (report.Kind, report.Source));
        var lines = report.Settlement.ToDictionary(line => line.LineNumber);
        Assert.Equal([5L, 6, 7, 8, 9, 10, 11, 13], lines.Keys.Order());
        Assert.Equal(
            [SettlementRecordType.Settled, SettlementRecordType.Settled, SettlementRecordType.Refunded, SettlementRecordType.Chargeback, SettlementRecordType.Fee,
                SettlementRecordType.ChargebackReversed, SettlementRecordType.Fee, SettlementRecordType.Payout],
            lines.Values.OrderBy(line => line.LineNumber).Select(line => line.RecordType));

        var sale = lines[5];
        Assert.Equal(("5WK31086HT2207214", "5WK31086HT2207214", "SO-11-0001"), (sale.LineId, sale.PaymentId, sale.MerchantTransactionId));
        Assert.Equal((new Money(4599, Currency.Usd), new Money(163, Currency.Usd)), (sale.Gross, sale.Fee!.Value));
        Assert.Equal((new LocalDate(2026, 11, 23), "QW3RT7YU9KLMN:2026/11/23"), (sale.SettlementDate, sale.BatchId));

        // 150000 is ¥1500.00: two implied decimals for every currency, not the yen's none.
        Assert.Equal((new Money(1500, Currency.Jpy), new Money(54, Currency.Jpy)), (lines[6].Gross, lines[6].Fee!.Value));

        // The fee given back on the refund (CR) lowers what the refund cost: net 19.55 = 20.00 − 0.45, in the refund's direction.
        Assert.Equal((new Money(2000, Currency.Usd), new Money(45, Currency.Usd)), (lines[7].Gross, lines[7].Fee!.Value));
        Assert.Equal((new Money(3500, Currency.Usd), null), (lines[8].Gross, lines[8].Fee));
        Assert.Equal(new Money(2000, Currency.Usd), lines[9].Gross);
        Assert.Equal(new Money(2750, Currency.Usd), lines[10].Gross);
        // A fee reversal is a credit: a FEE line stored negative.
        Assert.Equal(new Money(-2000, Currency.Usd), lines[11].Gross);
        Assert.Equal(new Money(10000, Currency.Usd), lines[13].Gross);
        Assert.All(lines.Values, line => Assert.Equal("QW3RT7YU9KLMN:2026/11/23", line.BatchId));
    }

    [Fact]
    public async Task A_settlement_report_reports_an_unknown_direction_flag_and_an_unmapped_event_code_and_ignores_holds_and_footers()
    {
        var report = await LayoutFixtures.ReadAsync("paypal-stl.csv");

        // Ignored: the T1501 hold, two SF, two RF, RC and FF rows, and the RH and FH rows above the column header.
        Assert.Equal((8, 9L, 2), report.Counts);
        Assert.Collection(
            report.Errors,
            flag => Assert.Equal((14L, "Transaction Debit or Credit", "XX"), (flag.LineNumber, flag.Column, flag.Value)),
            code => Assert.Equal((15L, "Transaction Event Code", "T1900"), (code.LineNumber, code.Column, code.Value)));
    }

    [Fact]
    public async Task A_section_record_count_that_disagrees_with_the_body_rows_is_an_error_on_the_count_row()
    {
        var report = await LayoutFixtures.ReadWithLineAsync("paypal-stl.csv", 18, "\"SC\",12");

        Assert.Equal(8, report.Lines.Count);
        var count = Assert.Single(report.Errors, error => error.LineNumber == 18);
        Assert.Contains("12", count.Reason, StringComparison.Ordinal);
        Assert.Contains("11", count.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_detail_report_is_told_from_a_settlement_report_and_reads_only_completed_rows()
    {
        var report = await LayoutFixtures.ReadAsync("paypal-trr.csv");

        Assert.Equal((FileKind.Settlement, "paypal-trr"), (report.Kind, report.Source));
        // Ignored: the pending and the denied payment, SF, RF, RC and FF, and RH and FH.
        Assert.Equal((5, 8L, 1), report.Counts);
        var lines = report.Settlement.ToDictionary(line => line.LineNumber);
        Assert.Equal([5L, 7, 9, 10, 12], lines.Keys.Order());
        Assert.Equal((SettlementRecordType.Settled, new Money(8900, Currency.Eur), new Money(301, Currency.Eur)), (lines[5].RecordType, lines[5].Gross, lines[5].Fee!.Value));
        Assert.Equal(("4AC90017UX3320856", "WEB-24-1001", new LocalDate(2026, 11, 24)), (lines[5].LineId, lines[5].MerchantTransactionId, lines[5].SettlementDate));
        Assert.Equal((SettlementRecordType.Refunded, new Money(1500, Currency.Eur), new Money(20, Currency.Eur)), (lines[7].RecordType, lines[7].Gross, lines[7].Fee!.Value));
        Assert.Equal((SettlementRecordType.Chargeback, new Money(4200, Currency.Eur)), (lines[9].RecordType, lines[9].Gross));
        Assert.Equal((SettlementRecordType.Fee, new Money(1500, Currency.Eur)), (lines[10].RecordType, lines[10].Gross));
        Assert.Equal((SettlementRecordType.Payout, new Money(5000, Currency.Eur)), (lines[12].RecordType, lines[12].Gross));
        Assert.All(lines.Values, line => Assert.Equal("LK8PQ2ZT5WXCV:2026/11/24", line.BatchId));
        var currency = Assert.Single(report.Errors);
        Assert.Equal((11L, "EUX"), (currency.LineNumber, currency.Value));
    }
}
