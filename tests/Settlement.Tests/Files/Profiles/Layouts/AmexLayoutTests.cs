using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles.Layouts;

public sealed class AmexLayoutTests
{
    private static readonly LocalDate PaymentDate = new(2026, 11, 26);

    [Fact]
    public async Task A_global_reconciliation_file_reads_its_records_by_position_and_names_each_by_its_record_type()
    {
        var report = await LayoutFixtures.ReadAsync("amex-grrcn.txt");

        Assert.Equal((FileKind.Settlement, "amex-grrcn"), (report.Kind, report.Source));
        // Ignored: the header record, the submission record and the rejected charge.
        Assert.Equal((10, 3L, 1), report.Counts);
        Assert.All(report.Settlement, line => Assert.Equal((PaymentDate, "2611260042"), (line.SettlementDate, line.BatchId)));

        var payment = report.Settlement.Where(line => line.LineNumber == 2).ToList();
        Assert.Equal(
            [(SettlementRecordType.Payout, new Money(34838, Currency.Usd)), (SettlementRecordType.Fee, new Money(1452, Currency.Usd))],
            payment.Select(line => (line.RecordType, line.Gross)));
        Assert.Equal("payment|9371204455|002|2611260042|discount", payment[1].LineId);

        var charges = report.Settlement.Where(line => line.LineNumber is >= 4 and <= 7).ToList();
        Assert.Equal(
            [(SettlementRecordType.Settled, 12500L), (SettlementRecordType.Settled, 8990L), (SettlementRecordType.Settled, 24000L), (SettlementRecordType.Refunded, 4000L)],
            charges.Select(line => (line.RecordType, line.Gross.MinorUnits)));
        var first = charges[0];
        Assert.Equal(("NW-ORDER-30117", "24613796301840010000117", "AMEX", "8431"), (first.MerchantTransactionId, first.Arn, first.CardBrand, first.CardLast4));
        Assert.Equal("transaction|2611260042|000000000000318|000418820551234|24613796301840010000117", first.LineId);
    }

    [Fact]
    public async Task A_global_reconciliation_file_reads_chargebacks_and_their_reversals_by_sign_and_reports_one_with_no_reference()
    {
        var report = await LayoutFixtures.ReadAsync("amex-grrcn.txt");

        var byLine = report.Settlement.Where(line => line.LineNumber >= 9).ToDictionary(line => line.LineNumber);
        Assert.Equal((SettlementRecordType.Chargeback, new Money(6000, Currency.Usd), "NW-ORDER-29410"), (byLine[9].RecordType, byLine[9].Gross, byLine[9].MerchantTransactionId));
        Assert.Equal((SettlementRecordType.ChargebackReversed, new Money(3500, Currency.Usd)), (byLine[10].RecordType, byLine[10].Gross));
        Assert.Equal((SettlementRecordType.Adjustment, new Money(-500, Currency.Usd)), (byLine[12].RecordType, byLine[12].Gross));
        Assert.Equal((SettlementRecordType.Fee, new Money(250, Currency.Usd)), (byLine[13].RecordType, byLine[13].Gross));
        Assert.Equal(11L, Assert.Single(report.Errors).LineNumber);
    }

    [Fact]
    public async Task A_global_reconciliation_file_without_its_trailer_is_reported_as_cut_short()
    {
        var report = await LayoutFixtures.ReadWithLineAsync("amex-grrcn.txt", 14, string.Empty);

        Assert.Equal(10, report.Lines.Count);
        Assert.Equal(2, report.Errors.Count);
        Assert.Contains(report.Errors, error => error.Reason.Contains("trailer", StringComparison.OrdinalIgnoreCase));
    }
}
