using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles;

public sealed class JpmProfileTests
{
    [Fact]
    public async Task Settlement_details_skip_the_preamble_stop_at_the_trailer_and_ignore_authorization_reversals()
    {
        var report = await SampleReports.ReadAsync("jpm_chase_SettlementDetails.csv");

        Assert.Equal((FileKind.Settlement, "jpm-settlement-details"), (report.Kind, report.Source));
        Assert.Equal((36, 11L, 0), report.Counts);
        var first = report.Settlement.First();
        Assert.Equal((4L, "13730215506|63551", "13730215506", "WFNaseF67sVhxb4rhOjRx6"), (first.LineNumber, first.LineId, first.BatchId, first.MerchantTransactionId));
        Assert.Equal((SettlementRecordType.Settled, new Money(1, Currency.Usd), new Money(1, Currency.Usd)), (first.RecordType, first.Gross, first.Net!.Value));
        Assert.Equal((new LocalDate(2023, 9, 6), "MASTER"), (first.SettlementDate, first.CardBrand));
        Assert.Equal(new LocalDate(2023, 9, 7), report.Settlement.Last().SettlementDate);
    }

    [Fact]
    public async Task Dispute_details_give_chargebacks_with_the_mastercard_reason_code_in_its_four_digit_form()
    {
        var report = await SampleReports.ReadAsync("jpm_chase_DisputeDetails.csv");

        Assert.Equal((FileKind.Chargebacks, "jpm-dispute-details"), (report.Kind, report.Source));
        Assert.Equal((3, 0L, 0), report.Counts);
        var chargeback = report.Chargebacks.First();
        Assert.Equal((ChargebackEventType.Chargeback, "659694378", "55432863263204442746072"), (chargeback.Event, chargeback.DisputeId, chargeback.Arn));
        Assert.Equal(("MASTER", "4853", "NOT AS DESCRIBED OR DEFECTIVE"), (chargeback.Scheme, chargeback.ReasonCode, chargeback.ReasonText));
        Assert.Equal((new Money(150, Currency.Usd), "Z4T0LexpNjLCDY1AzUxsl7"), (chargeback.Amount!.Value, chargeback.MerchantTransactionId));
        Assert.Equal((new LocalDate(2023, 10, 1), new LocalDate(2023, 11, 8)), (chargeback.EventDate, chargeback.ReplyBy!.Value));
    }
}
