using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class CheckoutcomPayoutsLayoutTests
{
    private const string Report = "checkoutcom-payouts_ent_lay2northwind_20261123_20261123_1.csv";

    [Fact]
    public async Task A_payouts_report_reads_one_payout_per_currency_account_under_its_payout_id()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal((FileKind.Settlement, "checkoutcom-payouts"), (report.Kind, report.Source));
        Assert.Equal((3, 1L, 1), report.Counts);
        Assert.All(report.Settlement, line => Assert.Equal((SettlementRecordType.Payout, line.LineId, new LocalDate(2026, 11, 23)), (line.RecordType, line.BatchId, line.SettlementDate)));
        Assert.Equal(["00000007Q3X1", "00000007Q3X2", "00000007Q3X4"], report.Settlement.Select(line => line.LineId));
    }

    [Fact]
    public async Task Amounts_with_eight_decimals_are_rounded_half_up_to_the_minor_unit_and_trailing_zeros_are_exact()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal(
            [new Money(152388, Currency.Eur), new Money(31013, Currency.Usd), new Money(84210, Currency.Jpy)],
            report.Settlement.Select(line => line.Gross));
        Assert.Equal(
            ["Payout Amount 1523.87501234 → 1523.88 EUR (rounded half-up)", "Payout Amount 310.125 → 310.13 USD (rounded half-up)", null],
            report.Settlement.Select(line => line.Rounding));
    }

    [Fact]
    public async Task A_payout_without_its_id_is_a_line_error()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var error = Assert.Single(report.Errors);
        Assert.Equal((6L, "Payout ID"), (error.LineNumber, error.Column));
    }
}
