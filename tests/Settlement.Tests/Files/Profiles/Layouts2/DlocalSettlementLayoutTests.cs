using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class DlocalSettlementLayoutTests
{
    private const string Report = "dlocal-settlement-880417.csv";

    [Fact]
    public async Task A_settlement_report_reads_its_rows_under_the_transfer_of_its_header_record()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal((FileKind.Settlement, "dlocal-settlement"), (report.Kind, report.Source));
        Assert.Equal((8, 0L, 1), report.Counts);
        Assert.Equal(
            [
                SettlementRecordType.Settled, SettlementRecordType.Settled, SettlementRecordType.Settled, SettlementRecordType.Refunded,
                SettlementRecordType.Chargeback, SettlementRecordType.ChargebackReversed, SettlementRecordType.Fee, SettlementRecordType.Adjustment,
            ],
            report.Settlement.Select(line => line.RecordType));
        Assert.All(report.Settlement, line => Assert.Equal(("880417", new LocalDate(2026, 11, 23), Currency.Usd), (line.BatchId, line.SettlementDate, line.SettlementCurrency)));
    }

    [Fact]
    public async Task A_payment_is_in_its_local_currency_with_the_rate_turned_round_and_its_six_decimal_usd_rounded_to_the_cent()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var payment = report.Settlement.First();
        Assert.Equal(("880417|PAYMENT|T-880-k2m9q1", "T-880-k2m9q1", "ord-55120.1"), (payment.LineId, payment.PaymentId, payment.MerchantTransactionId));
        Assert.Equal((new Money(25000, Currency.FromCode("BRL")), new Money(141, Currency.Usd), new Money(4565, Currency.Usd)), (payment.Gross, payment.Fee!.Value, payment.Net!.Value));
        Assert.Equal(1m / 5.3124m, payment.ExchangeRate!.Value, 10);
        Assert.Equal("NET_AMOUNT 45.647918 → 45.65 USD (rounded half-even); FEE_AMOUNT -1.411791 → -1.41 USD (rounded half-even)", payment.Rounding);
        Assert.Equal(new Money(45000, Currency.FromCode("CLP")), report.Settlement.ElementAt(2).Gross);
    }

    [Fact]
    public async Task Refunds_and_chargebacks_written_negative_read_as_what_they_take_with_fees_adding_to_it_and_a_reversal_gives_back()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var refund = report.Settlement.ElementAt(3);
        Assert.Equal((new Money(8000, Currency.FromCode("BRL")), new Money(-50, Currency.Usd), new Money(1556, Currency.Usd)), (refund.Gross, refund.Fee!.Value, refund.Net!.Value));
        var chargeback = report.Settlement.ElementAt(4);
        Assert.Equal((new Money(60000, Currency.FromCode("MXN")), new Money(-1200, Currency.Usd), new Money(4364, Currency.Usd)), (chargeback.Gross, chargeback.Fee!.Value, chargeback.Net!.Value));
        var reversal = report.Settlement.ElementAt(5);
        Assert.Equal((new Money(60000, Currency.FromCode("MXN")), new Money(0, Currency.Usd), new Money(3164, Currency.Usd)), (reversal.Gross, reversal.Fee!.Value, reversal.Net!.Value));
    }

    [Fact]
    public async Task A_fee_and_an_adjustment_with_only_a_net_amount_are_in_the_settlement_currency_rounded_half_to_even()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var fee = report.Settlement.ElementAt(6);
        Assert.Equal(("880417|SETTLEMENT_FEE|880417-F1", new Money(2500, Currency.Usd)), (fee.LineId, fee.Gross));
        // 3.125000 USD credited: a tie, kept at the even cent, and the rounding recorded on the line.
        var adjustment = report.Settlement.ElementAt(7);
        Assert.Equal(new Money(312, Currency.Usd), adjustment.Gross);
        Assert.Contains("3.125000 → 3.12 USD (rounded half-even)", adjustment.Rounding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_of_zero_cannot_be_turned_round_and_is_a_line_error()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var error = Assert.Single(report.Errors);
        Assert.Equal((12L, "FX_RATE"), (error.LineNumber, error.Column));
    }

    [Fact]
    public async Task Without_its_header_record_no_row_has_a_transfer_and_each_says_so()
    {
        var withoutHeader = string.Join('\n', (await LayoutFixtures.TextAsync(Report)).Split('\n').Where(line => !line.StartsWith("HEADER,", StringComparison.Ordinal)));

        var report = await LayoutFixtures.ReadTextAsync(withoutHeader);

        Assert.Equal("dlocal-settlement", report.Source);
        Assert.Empty(report.Lines);
        Assert.Equal(9, report.Errors.Count);
        Assert.All(report.Errors, error => Assert.Contains("no row above this one set the carried value 'transfer_date'", error.Reason, StringComparison.Ordinal));
    }
}
