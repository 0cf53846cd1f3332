using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class AdyenDisputeReportLayoutTests
{
    private const string Report = "adyen-dispute-report-2026-11-25.csv";

    [Fact]
    public async Task A_dispute_report_reads_each_event_of_a_case_under_the_dispute_reference_and_skips_the_notifications()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal((FileKind.Chargebacks, "adyen-dispute-report"), (report.Kind, report.Source));
        Assert.Equal((8, 2L, 2), report.Counts);
        Assert.Equal(
            [
                ("9921744501170011", ChargebackEventType.RetrievalRequest), ("9921744501170011", ChargebackEventType.Chargeback), ("9921744501170011", ChargebackEventType.ChargebackReversal),
                ("9921744501170022", ChargebackEventType.Chargeback), ("9921744501170022", ChargebackEventType.SecondChargeback), ("9921744501170022", ChargebackEventType.ArbitrationLost),
                ("9921744501170055", ChargebackEventType.Chargeback), ("9921744501170055", ChargebackEventType.ArbitrationWon),
            ],
            report.Chargebacks.Select(line => (line.DisputeId, line.Event)));
    }

    [Fact]
    public async Task A_chargeback_keeps_the_disputed_payment_its_reason_and_the_end_of_the_defence_period()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        var chargeback = report.Chargebacks.ElementAt(1);
        Assert.Equal(("9921744018823301", "NW-ORD-40017", "74921016300123456789012"), (chargeback.PaymentId, chargeback.MerchantTransactionId, chargeback.Arn));
        Assert.Equal((new Money(8900, Currency.Eur), "VISA", "10.4", "Fraud"), (chargeback.Amount!.Value, chargeback.Scheme, chargeback.ReasonCode, chargeback.ReasonText));
        Assert.Equal((new LocalDate(2026, 11, 6), new LocalDate(2026, 11, 26)), (chargeback.EventDate, chargeback.ReplyBy!.Value));
        var request = report.Chargebacks.First();
        Assert.Equal(("33", new LocalDate(2026, 11, 3)), (request.ReasonCode, request.EventDate));
        var mastercard = report.Chargebacks.ElementAt(3);
        Assert.Equal((new Money(3500, Currency.Gbp), "MASTER", "4837"), (mastercard.Amount!.Value, mastercard.Scheme, mastercard.ReasonCode));
        Assert.Null(report.Chargebacks.ElementAt(2).ReplyBy);
    }

    [Fact]
    public async Task A_chargeback_without_an_amount_and_an_arn_mangled_by_a_spreadsheet_are_line_errors()
    {
        var report = await LayoutFixtures.ReadAsync(Report);

        Assert.Equal([(9L, "Dispute Amount"), (13L, "Dispute ARN")], report.Errors.Select(error => (error.LineNumber, error.Column)));
    }
}
