using Settlement.Reconciliation.Monetary;
using Xunit;

namespace Settlement.Tests.Monetary;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("XOF", 0)]
    [InlineData("UYI", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("TND", 3)]
    [InlineData("IQD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("UYW", 4)]
    [InlineData("XCG", 2)]
    [InlineData("ZWG", 2)]
    [InlineData("VED", 2)]
    [InlineData("SLE", 2)]
    public void Exponent_is_the_ISO_4217_minor_unit(string code, int exponent) =>
        Assert.Equal(exponent, Currency.FromCode(code).Exponent);

    [Theory]
    [InlineData("usd")]
    [InlineData("Usd")]
    [InlineData(" USD ")]
    [InlineData("\tusd\r\n")]
    public void Code_is_found_whatever_its_case_and_surrounding_whitespace(string code)
    {
        Assert.True(Currency.TryFind(code, out var currency));
        Assert.Same(Currency.Usd, currency);
        Assert.Equal("USD", currency.Code);
    }

    [Theory]
    [InlineData("EUX")]
    [InlineData("EURO")]
    [InlineData("E UR")]
    [InlineData("XAU")]
    [InlineData("XXX")]
    [InlineData("XDR")]
    [InlineData("HRK")]
    public void Unknown_code_or_one_without_a_minor_unit_is_rejected_and_named(string code)
    {
        var result = Currency.Parse(code);

        Assert.Equal(MoneyErrorKind.UnknownCurrency, result.Error.Kind);
        Assert.Equal($"unknown currency '{code}'", result.Error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_code_is_an_empty_currency(string? code) =>
        Assert.Equal(MoneyErrorKind.Empty, Currency.Parse(code).Error.Kind);

    [Fact]
    public void From_code_throws_for_an_unknown_code() =>
        Assert.Throws<ArgumentException>(() => Currency.FromCode("EUX"));

    [Fact]
    public void Currencies_are_equal_by_code_and_print_as_their_code()
    {
        Assert.Equal(Currency.Eur, Currency.FromCode("eur"));
        Assert.Equal(Currency.Eur.GetHashCode(), Currency.FromCode("EUR").GetHashCode());
        Assert.NotEqual(Currency.Eur, Currency.Usd);
        Assert.Equal("EUR", Currency.Eur.ToString());
    }

    [Fact]
    public void The_table_holds_every_active_code_once_in_upper_case_with_a_known_exponent()
    {
        Assert.InRange(Currency.All.Count, 160, 190);
        Assert.Equal(Currency.All.Count, Currency.All.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Currency.All, c => Assert.Matches("^[A-Z]{3}$", c.Code));
        Assert.All(Currency.All, c => Assert.True(c.Exponent is 0 or 2 or 3 or 4, c.Code));
    }
}
