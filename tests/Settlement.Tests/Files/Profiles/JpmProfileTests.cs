using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using static Settlement.Tests.Files.Profiles.SampleReports;

namespace Settlement.Tests.Files.Profiles;

public sealed class JpmProfileTests
{
    /// <summary>SettlementDetails: CRLF, two <c>Key=Value</c> preamble lines, the first repeated as a trailer; sales and authorization reversals.</summary>
    internal static readonly ReportLayout<SettlementDetailsExpected> SettlementDetails = new(
        "jpm-settlement-details.csv",
        new(
            Counts: (3, 2, 0),
            LineId: "24408817730|71204",
            BatchId: "24408817730",
            MerchantOrder: "fbk9Qe2LmX7vNc4TzR1aW8",
            Amount: Usd("18.75"),
            FirstDate: new LocalDate(2026, 8, 11),
            LastDate: new LocalDate(2026, 8, 12)),
        "jpm_chase_SettlementDetails.csv",
        new(
            Counts: (36, 11, 0),
            LineId: "13730215506|63551",
            BatchId: "13730215506",
            MerchantOrder: "WFNaseF67sVhxb4rhOjRx6",
            Amount: Usd("0.01"),
            FirstDate: new LocalDate(2023, 9, 6),
            LastDate: new LocalDate(2023, 9, 7)));

    /// <summary>DisputeDetails: CRLF, short preamble lines, every cell but the first quoted, a trailer and then blank lines.</summary>
    private static readonly ReportLayout<DisputeDetailsExpected> DisputeDetails = new(
        "jpm-dispute-details.csv",
        new(
            Counts: (3, 0, 0),
            DisputeId: "781204561",
            Arn: "85510297734061288410395",
            Amount: Usd("18.75"),
            MerchantOrder: "fbk9Qe2LmX7vNc4TzR1aW8",
            Date: new LocalDate(2026, 9, 14),
            ReplyBy: new LocalDate(2026, 10, 19),
            ReasonCodes: ["4853", "13.1", "4837"]),
        "jpm_chase_DisputeDetails.csv",
        new(
            Counts: (3, 0, 0),
            DisputeId: "659694378",
            Arn: "55432863263204442746072",
            Amount: Usd("1.50"),
            MerchantOrder: "Z4T0LexpNjLCDY1AzUxsl7",
            Date: new LocalDate(2023, 10, 1),
            ReplyBy: new LocalDate(2023, 11, 8),
            ReasonCodes: ["4853", "4853", "4853"]));

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task Settlement_details_skip_the_preamble_stop_at_the_trailer_and_ignore_authorization_reversals(ReportCopy copy)
    {
        var (report, expected) = await SettlementDetails.ReadAsync(copy);

        Assert.Equal((FileKind.Settlement, "jpm-settlement-details"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        var first = report.Settlement.First();
        Assert.Equal((4L, expected.LineId, expected.BatchId, expected.MerchantOrder), (first.LineNumber, first.LineId, first.BatchId, first.MerchantTransactionId));
        Assert.Equal((SettlementRecordType.Settled, expected.Amount, expected.Amount), (first.RecordType, first.Gross, first.Net!.Value));
        Assert.Equal((expected.FirstDate, "MASTER"), (first.SettlementDate, first.CardBrand));
        Assert.Equal(expected.LastDate, report.Settlement.Last().SettlementDate);
    }

    [Theory]
    [InlineData(ReportCopy.Fixture)]
    [InlineData(ReportCopy.RealSample)]
    public async Task Dispute_details_give_chargebacks_with_the_mastercard_reason_code_in_its_four_digit_form(ReportCopy copy)
    {
        var (report, expected) = await DisputeDetails.ReadAsync(copy);

        Assert.Equal((FileKind.Chargebacks, "jpm-dispute-details"), (report.Kind, report.Source));
        Assert.Equal(expected.Counts, report.Counts);
        var chargeback = report.Chargebacks.First();
        Assert.Equal((ChargebackEventType.Chargeback, expected.DisputeId, expected.Arn), (chargeback.Event, chargeback.DisputeId, chargeback.Arn));
        Assert.Equal(("MASTER", "4853", "NOT AS DESCRIBED OR DEFECTIVE"), (chargeback.Scheme, chargeback.ReasonCode, chargeback.ReasonText));
        Assert.Equal((expected.Amount, expected.MerchantOrder), (chargeback.Amount!.Value, chargeback.MerchantTransactionId));
        Assert.Equal((expected.Date, expected.ReplyBy), (chargeback.EventDate, chargeback.ReplyBy!.Value));
        Assert.Equal(expected.ReasonCodes, report.Chargebacks.Select(@event => @event.ReasonCode));
    }

    /// <summary>Of the whole file, then of its first sale (a Mastercard one, its gross and net alike) and its last.</summary>
    internal sealed record SettlementDetailsExpected(
        (int Good, long Ignored, int Errors) Counts,
        string LineId,
        string BatchId,
        string MerchantOrder,
        Money Amount,
        LocalDate FirstDate,
        LocalDate LastDate);

    /// <summary>Of the whole file, then of its first chargeback (Mastercard, reason 53), then every event's reason code as read.</summary>
    private sealed record DisputeDetailsExpected(
        (int Good, long Ignored, int Errors) Counts,
        string DisputeId,
        string Arn,
        Money Amount,
        string MerchantOrder,
        LocalDate Date,
        LocalDate ReplyBy,
        IReadOnlyList<string> ReasonCodes);
}
