using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

public sealed class CardNumberMaskerTests
{
    [Theory]
    [InlineData("4111111111111111", "411111******1111")]
    [InlineData("5555555555554444", "555555******4444")]
    [InlineData("378282246310005", "378282*****0005")]
    [InlineData("4111 1111 1111 1111", "4111 11** **** 1111")]
    [InlineData("4111-1111-1111-1111", "4111-11**-****-1111")]
    [InlineData("card 4111111111111111 declined", "card 411111******1111 declined")]
    [InlineData("6011000990139424 and 5555555555554444", "601100******9424 and 555555******4444")]
    public void A_full_card_number_keeps_its_first_six_and_last_four_digits(string text, string masked) =>
        Assert.Equal(masked, CardNumberMasker.Mask(text));

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("74027506326000000000018")]
    [InlineData("123456789012")]
    [InlineData("2026-11-20T14:03:11Z")]
    [InlineData("P-1234")]
    public void Text_without_a_Luhn_valid_run_of_13_to_19_digits_is_returned_unchanged(string text) =>
        Assert.Same(text, CardNumberMasker.Mask(text));

    [Theory]
    [InlineData("d46960871421641ac0f3b9e2c1d7a5b4")]
    [InlineData("8ac7a4a14111111111111111")]
    [InlineData("4111111111111111ab")]
    public void Luhn_valid_digits_inside_an_identifier_are_left_alone(string identifier) =>
        Assert.Same(identifier, CardNumberMasker.Mask(identifier));

    [Fact]
    public void A_card_number_is_detected_without_masking() =>
        Assert.True(CardNumberMasker.ContainsCardNumber("pan=4111111111111111"));

    [Fact]
    public async Task Card_numbers_in_any_field_are_masked_before_they_reach_a_record_or_an_error()
    {
        var csv = CanonicalCsv.SettlementHeader + ",card_brand\n"
            + "L1,2026-11-20,B,SETTLED,4111111111111111,,,1.00,EUR,,,,,VISA\n"
            + "L2,2026-11-20,B,SETTLED,P-2,5555555555554444,,1.0001,EUR,,,,,MC\n"
            + "4111111111111111,2026-11-20,B,SETTLED,P-3,,,1.00,EUR,,,,,VISA,oops\n";

        var outcome = await CanonicalCsv.ReadAsync(csv);

        Assert.Equal("411111******1111", Assert.IsType<SettlementLine>(Assert.Single(outcome.Lines)).PaymentId);
        Assert.Equal(2, outcome.Errors.Count);
        Assert.All(outcome.Errors, error => Assert.False(CardNumberMasker.ContainsCardNumber(error.ToString() + error.Value)));
        Assert.Contains("411111******1111", outcome.Errors[1].Value, StringComparison.Ordinal);
    }
}
