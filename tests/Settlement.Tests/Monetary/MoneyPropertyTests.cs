using CsCheck;
using Settlement.Reconciliation.Monetary;
using Xunit;

namespace Settlement.Tests.Monetary;

public sealed class MoneyPropertyTests
{
    // Parse accepts at most 18 integer digits, so exponent-0 amounts are kept below 10^18;
    // for every other exponent the whole long range fits in 18 integer digits.
    private static readonly Gen<Money> AnyMoney = Gen.Select(
        Gen.Long,
        Gen.OneOf(Currency.All.ToArray()),
        (minorUnits, currency) => new Money(currency.Exponent == 0 ? minorUnits % 1_000_000_000_000_000_000 : minorUnits, currency));

    [Fact]
    public void Formatted_amount_parses_back_to_the_same_money() =>
        AnyMoney.Sample(money =>
            Assert.Equal(money, Money.Parse(money.FormatAmount(), money.Currency.Code, AmountSign.Signed).Value));

    [Fact]
    public void Decimal_value_converts_back_to_the_same_money() =>
        AnyMoney.Sample(money =>
            Assert.Equal(money, Money.FromDecimal(money.ToDecimal(), money.Currency).Value));

    [Fact]
    public void Text_with_one_decimal_more_than_the_currency_allows_is_always_rejected() =>
        AnyMoney.Sample(money =>
        {
            var text = money.FormatAmount() + (money.Currency.Exponent == 0 ? ".0" : "0");

            Assert.Equal(MoneyErrorKind.TooManyDecimals, Money.Parse(text, money.Currency, AmountSign.Signed).Error.Kind);
        });
}
