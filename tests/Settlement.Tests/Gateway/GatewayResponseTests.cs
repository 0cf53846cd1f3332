using Settlement.Reconciliation.ResultCodes;
using System.Text.Json;
using NodaTime;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Gateway;

public sealed class GatewayResponseTests
{
    [Theory]
    [InlineData("2026-11-25 17:26:34.123+0000", 123)]
    [InlineData("2026-11-25 17:26:34+0000", 0)]
    public void Timestamps_are_read_with_or_without_millis(string text, int millis)
    {
        Assert.Equal(Instant.FromUtc(2026, 11, 25, 17, 26, 34).PlusNanoseconds(millis * 1_000_000L), GatewayResponse.ParseTimestamp(text));
    }

    [Fact]
    public void A_response_is_read_with_its_amount_card_and_classification()
    {
        const string json = """
            {"id":"8ac7a4a07b6f9c3a017b70d2b1f5290c","referencedId":"8ac7a4a07b6f9c3a017b70d2b1f52900","paymentType":"RF",
             "amount":"92.00","currency":"EUR","merchantTransactionId":"op-1",
             "result":{"code":"000.100.110","description":"Request successfully processed"},
             "card":{"bin":"420000","last4Digits":"0000"},"timestamp":"2026-11-25 17:26:34.5+0000","ndc":"x_y"}
            """;

        var response = GatewayResponse.FromJson(JsonDocument.Parse(json).RootElement)!;

        Assert.Equal(TransactionType.Refund, response.PaymentType);
        Assert.Equal(Money.Parse("92.00", Currency.Eur).Value, response.Amount);
        Assert.Equal(("420000", "0000", "op-1"), (response.CardBin, response.CardLast4, response.MerchantTransactionId));
        Assert.Equal(ResultCodeClass.Success, response.Class);
        Assert.NotNull(response.Timestamp);
    }

    [Fact]
    public void A_declined_initial_payment_without_id_and_amount_is_still_an_answer()
    {
        var response = GatewayResponse.FromJson(JsonDocument.Parse("""{"result":{"code":"800.100.151","description":"invalid card"}}""").RootElement)!;

        Assert.Equal((null, null, ResultCodeClass.Declined), (response.Id, response.Amount, response.Class));
    }

    [Theory]
    [InlineData("000.000.000", ResultCodeClass.Success)]
    [InlineData("000.100.110", ResultCodeClass.Success)]
    [InlineData("000.400.110", ResultCodeClass.Success)]
    [InlineData("000.400.000", ResultCodeClass.SuccessNeedsReview)]
    [InlineData("000.400.100", ResultCodeClass.SuccessNeedsReview)]
    [InlineData("000.200.000", ResultCodeClass.Pending)]
    [InlineData("800.400.500", ResultCodeClass.Pending)]
    [InlineData("100.400.500", ResultCodeClass.Pending)]
    [InlineData("000.100.201", ResultCodeClass.ChargebackNotice)]
    [InlineData("900.100.300", ResultCodeClass.Transient)]
    [InlineData("000.400.030", ResultCodeClass.Transient)]
    [InlineData("800.500.100", ResultCodeClass.Transient)]
    [InlineData("999.999.999", ResultCodeClass.Transient)]
    [InlineData("800.800.800", ResultCodeClass.Transient)]
    [InlineData("800.100.151", ResultCodeClass.Declined)]
    [InlineData("800.100.203", ResultCodeClass.Declined)]
    [InlineData("800.700.100", ResultCodeClass.Declined)]
    [InlineData("700.100.100", ResultCodeClass.InvalidRequest)]
    [InlineData("700.100.500", ResultCodeClass.InvalidRequest)]
    [InlineData("700.300.400", ResultCodeClass.InvalidRequest)]
    [InlineData("700.400.200", ResultCodeClass.InvalidRequest)]
    [InlineData("700.400.410", ResultCodeClass.InvalidRequest)]
    [InlineData("700.400.700", ResultCodeClass.InvalidRequest)]
    [InlineData("200.300.404", ResultCodeClass.InvalidRequest)]
    [InlineData("800.900.300", ResultCodeClass.InvalidRequest)]
    [InlineData("600.200.100", ResultCodeClass.InvalidRequest)]
    [InlineData("800.121.100", ResultCodeClass.InvalidRequest)]
    [InlineData("100.550.300", ResultCodeClass.InvalidRequest)]
    [InlineData("123.456.789", ResultCodeClass.Failure)]
    public void Real_result_codes_are_classified_by_the_documented_patterns(string code, ResultCodeClass expected)
    {
        var response = new GatewayResponse { ResultCode = code };

        Assert.Equal(expected, response.Class);
    }
}
