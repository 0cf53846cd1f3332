using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles;

public sealed class OtherProfileTests
{
    [Fact]
    public async Task A_checkout_settlement_breakdown_reads_charges_service_fees_and_the_payout()
    {
        var report = await SampleReports.ReadAsync("checkoutcom_settlement_breakdown.csv");

        Assert.Equal((FileKind.Settlement, "checkoutcom-settlement-breakdown"), (report.Kind, report.Source));
        Assert.Equal((9, 0L, 0), report.Counts);
        var charge = report.Settlement.First();
        Assert.Equal(("00000003K599|Charge|pay_test_charge_001", "pay_test_charge_001", "4RpfKjZxqXWKsUOeHaVteD"), (charge.LineId, charge.PaymentId, charge.MerchantTransactionId));
        Assert.Equal((new Money(5000, Currency.Usd), new Money(150, Currency.Usd), new Money(4850, Currency.Usd)), (charge.Gross, charge.Fee!.Value, charge.Net!.Value));
        Assert.Equal((SettlementRecordType.Settled, new LocalDate(2026, 7, 2), "VISA"), (charge.RecordType, charge.SettlementDate, charge.CardBrand));
        Assert.Equal(4, report.Settlement.Count(line => line.RecordType == SettlementRecordType.Fee));
        var payout = report.Settlement.Last();
        Assert.Equal((SettlementRecordType.Payout, new Money(200, Currency.Usd)), (payout.RecordType, payout.Net!.Value));
    }

    [Fact]
    public async Task A_semicolon_delimited_dlocal_chargebacks_export_reads_as_a_chargeback()
    {
        var report = await SampleReports.ReadAsync("dlocal_chargebacks.csv");

        Assert.Equal((FileKind.Chargebacks, "dlocal-chargebacks"), (report.Kind, report.Source));
        Assert.Equal((1, 0L, 0), report.Counts);
        var chargeback = report.Chargebacks.Single();
        Assert.Equal(("12345", "7654321", "314159265.0"), (chargeback.DisputeId, chargeback.PaymentId, chargeback.MerchantTransactionId));
        Assert.Equal((new Money(500, Currency.Parse("BRL").Value), new LocalDate(2023, 6, 19)), (chargeback.Amount!.Value, chargeback.EventDate));
    }
}
