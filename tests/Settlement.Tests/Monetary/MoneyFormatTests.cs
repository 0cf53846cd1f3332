using Settlement.Reconciliation.Monetary;
using Xunit;

namespace Settlement.Tests.Monetary;

public sealed class MoneyFormatTests
{
    [Theory]
    [InlineData(3000, "EUR", "30.00")]
    [InlineData(5, "EUR", "0.05")]
    [InlineData(-500, "EUR", "-5.00")]
    [InlineData(-5, "EUR", "-0.05")]
    [InlineData(0, "EUR", "0.00")]
    [InlineData(1000, "JPY", "1000")]
    [InlineData(-1000, "JPY", "-1000")]
    [InlineData(1500, "BHD", "1.500")]
    [InlineData(1, "KWD", "0.001")]
    [InlineData(12345, "CLF", "1.2345")]
    [InlineData(long.MinValue, "EUR", "-92233720368547758.08")]
    [InlineData(long.MaxValue, "JPY", "9223372036854775807")]
    public void Amount_is_formatted_with_exactly_the_currency_decimals(long minorUnits, string code, string expected) =>
        Assert.Equal(expected, new Money(minorUnits, Currency.FromCode(code)).FormatAmount());

    [Fact]
    public void Amount_prints_with_its_currency_code() =>
        Assert.Equal("30.00 EUR", new Money(3000, Currency.Eur).ToString());

    [Theory]
    [InlineData(1000, "JPY")]
    [InlineData(1250, "EUR")]
    [InlineData(1500, "BHD")]
    [InlineData(-7, "CLF")]
    public void Decimal_value_is_exact_and_keeps_the_currency_scale(long minorUnits, string code)
    {
        var money = new Money(minorUnits, Currency.FromCode(code));

        var value = money.ToDecimal();

        Assert.Equal(money.FormatAmount(), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(money, Money.FromDecimal(value, money.Currency).Value);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("0.001")]
    public void From_decimal_refuses_more_decimals_than_the_currency_allows(string value)
    {
        var error = Money.FromDecimal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Currency.Eur).Error;

        Assert.Equal(MoneyErrorKind.TooManyDecimals, error.Kind);
        Assert.Equal($"amount '{value}' has 3 decimals; EUR allows 2", error.Message);
    }

    [Fact]
    public void From_decimal_accepts_trailing_zeros_because_the_value_is_exact() =>
        Assert.Equal(new Money(1250, Currency.Eur), Money.FromDecimal(12.500m, Currency.Eur).Value);

    [Fact]
    public void From_decimal_applies_the_sign_rule()
    {
        Assert.Equal(MoneyErrorKind.Negative, Money.FromDecimal(-1m, Currency.Eur, AmountSign.NonNegative).Error.Kind);
        Assert.Equal(MoneyErrorKind.NotPositive, Money.FromDecimal(0m, Currency.Eur, AmountSign.Positive).Error.Kind);
        Assert.Equal(new Money(-100, Currency.Eur), Money.FromDecimal(-1m, Currency.Eur).Value);
    }

    [Fact]
    public void From_decimal_refuses_a_value_beyond_the_range() =>
        Assert.Equal(MoneyErrorKind.OutOfRange, Money.FromDecimal(decimal.MaxValue, Currency.Eur).Error.Kind);
}
