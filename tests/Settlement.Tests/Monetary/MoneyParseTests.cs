using Settlement.Reconciliation.Monetary;
using Xunit;

namespace Settlement.Tests.Monetary;

public sealed class MoneyParseTests
{
    [Theory]
    [InlineData("30.00", "EUR", 3000)]
    [InlineData("12.5", "EUR", 1250)]
    [InlineData("0.5", "EUR", 50)]
    [InlineData("1000", "EUR", 100000)]
    [InlineData("  12.50 ", "EUR", 1250)]
    [InlineData("007.10", "EUR", 710)]
    [InlineData("0", "EUR", 0)]
    [InlineData("1000", "JPY", 1000)]
    [InlineData("1.500", "BHD", 1500)]
    [InlineData("1.5", "BHD", 1500)]
    [InlineData("0.001", "KWD", 1)]
    [InlineData("1.2345", "CLF", 12345)]
    [InlineData("92233720368547758.07", "EUR", long.MaxValue)]
    [InlineData("999999999999999999", "JPY", 999_999_999_999_999_999)]
    public void Plain_amount_is_read_as_exact_minor_units(string text, string code, long minorUnits) =>
        Assert.Equal(new Money(minorUnits, Currency.FromCode(code)), Money.Parse(text, Currency.FromCode(code)).Value);

    [Theory]
    [InlineData("1E5", MoneyErrorKind.Malformed)]
    [InlineData("1.23E+22", MoneyErrorKind.Malformed)]
    [InlineData("1e-2", MoneyErrorKind.Malformed)]
    [InlineData("+5.00", MoneyErrorKind.Malformed)]
    [InlineData("1,000.00", MoneyErrorKind.Malformed)]
    [InlineData("1 000.00", MoneyErrorKind.Malformed)]
    [InlineData("12,50", MoneyErrorKind.Malformed)]
    [InlineData(".5", MoneyErrorKind.Malformed)]
    [InlineData("12.", MoneyErrorKind.Malformed)]
    [InlineData(".", MoneyErrorKind.Malformed)]
    [InlineData("-", MoneyErrorKind.Malformed)]
    [InlineData("--5", MoneyErrorKind.Malformed)]
    [InlineData("5-", MoneyErrorKind.Malformed)]
    [InlineData("1.2.3", MoneyErrorKind.Malformed)]
    [InlineData("12 .50", MoneyErrorKind.Malformed)]
    [InlineData("12.5 0", MoneyErrorKind.Malformed)]
    [InlineData("١٢", MoneyErrorKind.Malformed)]
    [InlineData("１２.５０", MoneyErrorKind.Malformed)]
    [InlineData("€12.50", MoneyErrorKind.Malformed)]
    [InlineData("12.50EUR", MoneyErrorKind.Malformed)]
    [InlineData("NaN", MoneyErrorKind.Malformed)]
    [InlineData("Infinity", MoneyErrorKind.Malformed)]
    [InlineData("0x10", MoneyErrorKind.Malformed)]
    [InlineData("(5.00)", MoneyErrorKind.Malformed)]
    [InlineData("", MoneyErrorKind.Empty)]
    [InlineData("   ", MoneyErrorKind.Empty)]
    [InlineData(null, MoneyErrorKind.Empty)]
    [InlineData("12.345", MoneyErrorKind.TooManyDecimals)]
    [InlineData("12.500", MoneyErrorKind.TooManyDecimals)]
    [InlineData("0.000", MoneyErrorKind.TooManyDecimals)]
    [InlineData("-5.00", MoneyErrorKind.Negative)]
    [InlineData("-0", MoneyErrorKind.Negative)]
    [InlineData("92233720368547758.08", MoneyErrorKind.OutOfRange)]
    [InlineData("1000000000000000000", MoneyErrorKind.OutOfRange)]
    [InlineData("99999999999999999999999999999999", MoneyErrorKind.OutOfRange)]
    public void Malformed_amount_in_EUR_is_rejected_with_its_kind(string? text, MoneyErrorKind kind) =>
        Assert.Equal(kind, Money.Parse(text, Currency.Eur).Error.Kind);

    [Theory]
    [InlineData("100.0", "JPY")]
    [InlineData("1.5", "JPY")]
    [InlineData("1.5000", "BHD")]
    [InlineData("1.23456", "CLF")]
    public void Amount_with_more_decimals_than_the_currency_allows_is_rejected(string text, string code) =>
        Assert.Equal(MoneyErrorKind.TooManyDecimals, Money.Parse(text, Currency.FromCode(code)).Error.Kind);

    [Fact]
    public void Too_many_decimals_message_names_the_amount_and_the_allowed_decimals() =>
        Assert.Equal("amount '12.345' has 3 decimals; EUR allows 2", Money.Parse("12.345", Currency.Eur).Error.Message);

    [Fact]
    public void Spreadsheet_mangled_amount_is_named_as_not_a_plain_number() =>
        Assert.Equal("amount '1.23E+22' is not a plain decimal number", Money.Parse("1.23E+22", Currency.Eur).Error.ToString());

    [Fact]
    public void Negative_amount_is_rejected_unless_signed_amounts_are_allowed()
    {
        Assert.Equal("amount '-5.00' is negative", Money.Parse("-5.00", Currency.Eur).Error.Message);
        Assert.Equal(MoneyErrorKind.Negative, Money.Parse("-5.00", Currency.Eur, AmountSign.Positive).Error.Kind);
        Assert.Equal(new Money(-500, Currency.Eur), Money.Parse("-5.00", Currency.Eur, AmountSign.Signed).Value);
    }

    [Fact]
    public void Most_negative_amount_is_read_when_signed() =>
        Assert.Equal(new Money(long.MinValue, Currency.Eur), Money.Parse("-92233720368547758.08", Currency.Eur, AmountSign.Signed).Value);

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("000")]
    public void Positive_rejects_zero(string text)
    {
        Assert.Equal(MoneyErrorKind.NotPositive, Money.Parse(text, Currency.Eur, AmountSign.Positive).Error.Kind);
        Assert.True(Money.Parse(text, Currency.Eur, AmountSign.NonNegative).Value.IsZero);
    }

    [Fact]
    public void Positive_accepts_the_smallest_unit() =>
        Assert.Equal(new Money(1, Currency.Eur), Money.Parse("0.01", Currency.Eur, AmountSign.Positive).Value);

    [Fact]
    public void Amount_with_a_lowercase_currency_code_is_read() =>
        Assert.Equal(new Money(1999, Currency.Usd), Money.Parse("19.99", "usd").Value);

    [Fact]
    public void Amount_with_an_unknown_currency_is_rejected_and_names_the_code()
    {
        var error = Money.Parse("12.50", "EUX").Error;

        Assert.Equal(MoneyErrorKind.UnknownCurrency, error.Kind);
        Assert.Equal("unknown currency 'EUX'", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Amount_without_a_currency_is_rejected_as_empty(string? code) =>
        Assert.Equal(MoneyErrorKind.Empty, Money.Parse("12.50", code).Error.Kind);

    [Fact]
    public void Echoed_garbage_is_cut_short_in_the_message()
    {
        var message = Money.Parse(new string('x', 500), Currency.Eur).Error.Message;

        Assert.True(message.Length < 100, message);
    }
}
