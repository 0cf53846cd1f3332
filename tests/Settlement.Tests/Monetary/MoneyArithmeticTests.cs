using Settlement.Reconciliation.Monetary;
using Xunit;

namespace Settlement.Tests.Monetary;

public sealed class MoneyArithmeticTests
{
    private static readonly Money TenEuros = new(1000, Currency.Eur);
    private static readonly Money ThreeEuros = new(300, Currency.Eur);
    private static readonly Money TenDollars = new(1000, Currency.Usd);

    [Fact]
    public void Amounts_in_one_currency_add_subtract_and_negate()
    {
        Assert.Equal(new Money(1300, Currency.Eur), TenEuros + ThreeEuros);
        Assert.Equal(new Money(-700, Currency.Eur), ThreeEuros - TenEuros);
        Assert.Equal(new Money(-1000, Currency.Eur), -TenEuros);
        Assert.Equal(TenEuros, (-TenEuros).Abs());
    }

    [Fact]
    public void Amounts_in_one_currency_compare_by_value()
    {
        Assert.True(ThreeEuros < TenEuros);
        Assert.True(TenEuros > ThreeEuros);
        Assert.True(TenEuros <= new Money(1000, Currency.Eur));
        Assert.True(TenEuros >= new Money(1000, Currency.Eur));
        Assert.Equal(ThreeEuros, Money.Min(TenEuros, ThreeEuros));
        Assert.Equal(TenEuros, Money.Max(TenEuros, ThreeEuros));
    }

    [Fact]
    public void Amounts_of_the_same_value_in_different_currencies_are_not_equal() =>
        Assert.NotEqual(TenEuros, TenDollars);

    [Fact]
    public void Arithmetic_across_currencies_throws_and_names_both()
    {
        var error = Assert.Throws<CurrencyMismatchException>(() => TenEuros + TenDollars);

        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Throws<CurrencyMismatchException>(() => TenEuros - TenDollars);
        Assert.Throws<CurrencyMismatchException>(() => TenEuros < TenDollars);
        Assert.Throws<CurrencyMismatchException>(() => TenEuros >= TenDollars);
        Assert.Throws<CurrencyMismatchException>(() => Money.Min(TenEuros, TenDollars));
        Assert.Throws<CurrencyMismatchException>(() => Money.Sum([TenEuros, TenDollars], Currency.Eur));
    }

    [Fact]
    public void Overflow_throws_instead_of_wrapping()
    {
        var max = new Money(long.MaxValue, Currency.Eur);
        var min = new Money(long.MinValue, Currency.Eur);

        Assert.Throws<OverflowException>(() => max + new Money(1, Currency.Eur));
        Assert.Throws<OverflowException>(() => min - new Money(1, Currency.Eur));
        Assert.Throws<OverflowException>(() => -min);
        Assert.Throws<OverflowException>(() => min.Abs());
        Assert.Throws<OverflowException>(() => Money.Sum([max, max], Currency.Eur));
    }

    [Fact]
    public void Sum_of_nothing_is_zero_in_the_given_currency()
    {
        Assert.Equal(Money.Zero(Currency.Jpy), Money.Sum([], Currency.Jpy));
        Assert.Equal(new Money(1600, Currency.Eur), Money.Sum([TenEuros, ThreeEuros, ThreeEuros], Currency.Eur));
    }

    [Fact]
    public void Default_money_has_no_currency_and_refuses_to_be_used()
    {
        var missing = default(Money);

        var error = Assert.Throws<InvalidOperationException>(() => missing.Currency);
        Assert.Contains("default(Money)", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => missing.MinorUnits);
        Assert.Throws<InvalidOperationException>(() => missing.IsZero);
        Assert.Throws<InvalidOperationException>(() => missing + TenEuros);
        Assert.Throws<InvalidOperationException>(() => missing.FormatAmount());
        Assert.Equal("(no currency)", missing.ToString());
        Assert.NotEqual(Money.Zero(Currency.Eur), missing);
    }
}
