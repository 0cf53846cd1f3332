using System.Globalization;

namespace Settlement.Reconciliation.Monetary;

/// <summary>
/// An amount of money: a whole number of minor units (cents, fils, yen) in one ISO 4217 currency.
/// </summary>
/// <remarks>
/// <para>
/// Money is never a floating-point number and is never rounded: 12.50 EUR is 1250 minor units, and text
/// with more decimals than the currency allows ("12.345" EUR, even "12.500") is refused rather than
/// rounded (docs/ledger-rules.md). Arithmetic is checked: an overflow throws <see cref="OverflowException"/>,
/// it never wraps. Amounts in different currencies cannot be added, subtracted or compared; trying
/// throws <see cref="CurrencyMismatchException"/>.
/// </para>
/// <para>
/// <c>default(Money)</c> has no currency. It is not "zero in some currency": every member except
/// <see cref="Equals(Money)"/>, <see cref="GetHashCode"/> and <see cref="ToString"/> throws
/// <see cref="InvalidOperationException"/> on it, so a forgotten initialisation fails loudly instead of
/// posting an amount in a made-up currency. Use <see cref="Zero(Currency)"/>.
/// </para>
/// </remarks>
public readonly record struct Money : IComparable<Money>
{
    // 18 digits always fit a long; a 19th may not, and no real amount needs it.
    private const int MaxIntegerDigits = 18;

    private readonly long _minorUnits;
    private readonly Currency? _currency;

    /// <summary>An amount of <paramref name="minorUnits"/> (1250 for 12.50 EUR) in <paramref name="currency"/>.</summary>
    public Money(long minorUnits, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        _minorUnits = minorUnits;
        _currency = currency;
    }

    /// <summary>The amount as a whole number of the currency's minor units: 1250 for 12.50 EUR, 1000 for 1000 JPY.</summary>
    public long MinorUnits => _currency is null ? throw Uninitialised() : _minorUnits;

    public Currency Currency => _currency ?? throw Uninitialised();

    public bool IsZero => MinorUnits == 0;

    public bool IsPositive => MinorUnits > 0;

    public bool IsNegative => MinorUnits < 0;

    public static Money Zero(Currency currency) => new(0, currency);

    /// <summary>
    /// Reads an amount in major units ("12.50") strictly: surrounding whitespace is ignored, then the
    /// text must be <c>-?[0-9]+(\.[0-9]+)?</c> with at most <see cref="Currency.Exponent"/> decimals
    /// and at most 18 significant integer digits. Never rounds; allocates only to report an error.
    /// </summary>
    /// <remarks>
    /// Refused: <c>+5</c>, <c>1E5</c> and <c>1.23E+22</c> (spreadsheet damage), <c>1,000.00</c>,
    /// <c>.5</c>, <c>12.</c>, inner spaces and non-ASCII digits (<see cref="MoneyErrorKind.Malformed"/>);
    /// <c>12.500</c> EUR and <c>100.0</c> JPY (<see cref="MoneyErrorKind.TooManyDecimals"/>);
    /// a leading '-' unless <paramref name="sign"/> is <see cref="AmountSign.Signed"/>, even on zero
    /// (<see cref="MoneyErrorKind.Negative"/>); zero when <see cref="AmountSign.Positive"/> is asked
    /// (<see cref="MoneyErrorKind.NotPositive"/>). The checks run in that order: syntax, sign, decimals,
    /// range, positivity.
    /// </remarks>
    public static Result<Money, MoneyError> Parse(string? amountText, Currency currency, AmountSign sign = AmountSign.NonNegative) =>
        Parse(amountText.AsSpan(), currency, sign);

    /// <inheritdoc cref="Parse(string?, Currency, AmountSign)"/>
    public static Result<Money, MoneyError> Parse(ReadOnlySpan<char> amountText, Currency currency, AmountSign sign = AmountSign.NonNegative)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var text = amountText.Trim();
        if (text.IsEmpty)
        {
            return new MoneyError(MoneyErrorKind.Empty, "amount is empty");
        }

        var negative = text[0] == '-';
        var position = negative ? 1 : 0;
        var integerStart = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        var integerDigits = text[integerStart..position];
        var fractionDigits = ReadOnlySpan<char>.Empty;
        if (position < text.Length && text[position] == '.')
        {
            var fractionStart = ++position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            fractionDigits = text[fractionStart..position];
            if (fractionDigits.IsEmpty)
            {
                return Malformed(text);
            }
        }

        if (integerDigits.IsEmpty || position != text.Length)
        {
            return Malformed(text);
        }

        if (negative && sign != AmountSign.Signed)
        {
            return new MoneyError(MoneyErrorKind.Negative, $"amount '{MoneyError.Quote(text)}' is negative");
        }

        if (fractionDigits.Length > currency.Exponent)
        {
            return new MoneyError(
                MoneyErrorKind.TooManyDecimals,
                string.Create(CultureInfo.InvariantCulture, $"amount '{MoneyError.Quote(text)}' has {fractionDigits.Length} decimals; {currency.Code} allows {currency.Exponent}"));
        }

        var significant = integerDigits.TrimStart('0');
        if (significant.Length > MaxIntegerDigits)
        {
            return OutOfRange(text);
        }

        // At most 18 integer digits times 10^4 exceeds a long but not a UInt128; the range check follows.
        UInt128 magnitude = 0;
        foreach (var digit in significant)
        {
            magnitude = (magnitude * 10) + (uint)(digit - '0');
        }

        foreach (var digit in fractionDigits)
        {
            magnitude = (magnitude * 10) + (uint)(digit - '0');
        }

        for (var missing = currency.Exponent - fractionDigits.Length; missing > 0; missing--)
        {
            magnitude *= 10;
        }

        var limit = negative ? (UInt128)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return OutOfRange(text);
        }

        var minorUnits = negative ? unchecked(-(long)(ulong)magnitude) : (long)magnitude;
        if (sign == AmountSign.Positive && minorUnits == 0)
        {
            return NotPositive(text);
        }

        return new Money(minorUnits, currency);
    }

    /// <summary>
    /// Reads an amount and its currency code; an unknown or empty code is reported before the amount is looked at.
    /// </summary>
    /// <inheritdoc cref="Parse(string?, Currency, AmountSign)"/>
    public static Result<Money, MoneyError> Parse(string? amountText, string? currencyCode, AmountSign sign = AmountSign.NonNegative)
    {
        var currency = Currency.Parse(currencyCode);
        return currency.TryGetValue(out var found, out var error) ? Parse(amountText, found, sign) : error;
    }

    /// <summary>
    /// The amount <paramref name="amount"/> (in major units) exactly, or an error: a value with more
    /// significant decimals than the currency allows (12.345 EUR) is <see cref="MoneyErrorKind.TooManyDecimals"/>,
    /// never rounded. Trailing zeros of the decimal's scale do not count: 12.500m is exactly 12.50 EUR.
    /// </summary>
    public static Result<Money, MoneyError> FromDecimal(decimal amount, Currency currency, AmountSign sign = AmountSign.Signed)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (amount < 0 && sign != AmountSign.Signed)
        {
            return new MoneyError(MoneyErrorKind.Negative, $"amount '{Invariant(amount)}' is negative");
        }

        if (decimal.Abs(amount) > long.MaxValue)
        {
            return OutOfRange(Invariant(amount));
        }

        var scaled = amount * currency.UnitScale;
        if (scaled != decimal.Truncate(scaled))
        {
            return new MoneyError(
                MoneyErrorKind.TooManyDecimals,
                string.Create(CultureInfo.InvariantCulture, $"amount '{amount}' has {SignificantDecimals(amount)} decimals; {currency.Code} allows {currency.Exponent}"));
        }

        if (scaled is > long.MaxValue or < long.MinValue)
        {
            return OutOfRange(Invariant(amount));
        }

        var minorUnits = (long)scaled;
        if (sign == AmountSign.Positive && minorUnits == 0)
        {
            return NotPositive(Invariant(amount));
        }

        return new Money(minorUnits, currency);
    }

    /// <summary>The amount in major units, exact, with exactly <see cref="Currency.Exponent"/> decimals (30.00m for 3000 EUR cents).</summary>
    public decimal ToDecimal()
    {
        var minorUnits = MinorUnits;
        var magnitude = unchecked((ulong)(minorUnits < 0 ? -minorUnits : minorUnits));
        return new decimal(
            unchecked((int)(uint)magnitude),
            unchecked((int)(uint)(magnitude >> 32)),
            0,
            minorUnits < 0,
            (byte)Currency.Exponent);
    }

    /// <summary>
    /// The amount in major units with exactly <see cref="Currency.Exponent"/> decimals, '.' as separator,
    /// no grouping, '-' for negatives, whatever the current culture: "30.00", "1000" (JPY), "1.500" (BHD),
    /// "-5.00". <see cref="Parse(string?, Currency, AmountSign)"/> with <see cref="AmountSign.Signed"/>
    /// reads it back, except for exponent-0 amounts of 19 digits (beyond the 18-digit parse limit).
    /// </summary>
    public string FormatAmount()
    {
        var minorUnits = MinorUnits;
        var exponent = Currency.Exponent;
        var magnitude = unchecked((ulong)(minorUnits < 0 ? -minorUnits : minorUnits));

        // 20 digits for a ulong, a '.', a '-', and zero padding up to the exponent.
        Span<char> buffer = stackalloc char[32];
        var position = buffer.Length;
        for (var i = 0; i < exponent; i++)
        {
            buffer[--position] = (char)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }

        if (exponent > 0)
        {
            buffer[--position] = '.';
        }

        do
        {
            buffer[--position] = (char)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);

        if (minorUnits < 0)
        {
            buffer[--position] = '-';
        }

        return new string(buffer[position..]);
    }

    /// <summary>"30.00 EUR"; "(no currency)" for <c>default(Money)</c>, so that logging one never throws.</summary>
    public override string ToString() =>
        _currency is null ? "(no currency)" : $"{FormatAmount()} {_currency.Code}";

    public static Money operator +(Money left, Money right) =>
        new(checked(left.MinorUnits + right.MinorUnits), SameCurrency(left, right));

    public static Money operator -(Money left, Money right) =>
        new(checked(left.MinorUnits - right.MinorUnits), SameCurrency(left, right));

    public static Money operator -(Money value) => new(checked(-value.MinorUnits), value.Currency);

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Orders amounts of the same currency; throws <see cref="CurrencyMismatchException"/> otherwise.</summary>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return _minorUnits.CompareTo(other._minorUnits);
    }

    public static Money Min(Money a, Money b) => a <= b ? a : b;

    public static Money Max(Money a, Money b) => a >= b ? a : b;

    /// <summary>
    /// The total of <paramref name="amounts"/>, zero in <paramref name="currency"/> when there are none
    /// (which is why the currency is given). Every amount must be in that currency.
    /// </summary>
    public static Money Sum(IEnumerable<Money> amounts, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        ArgumentNullException.ThrowIfNull(currency);
        var total = 0L;
        foreach (var amount in amounts)
        {
            if (amount.Currency != currency)
            {
                throw new CurrencyMismatchException(currency, amount.Currency);
            }

            total = checked(total + amount._minorUnits);
        }

        return new Money(total, currency);
    }

    /// <summary>The amount without its sign; throws <see cref="OverflowException"/> for the one long without a positive counterpart.</summary>
    public Money Abs() => IsNegative ? -this : this;

    private static Currency SameCurrency(Money left, Money right)
    {
        var currency = left.Currency;
        return currency == right.Currency ? currency : throw new CurrencyMismatchException(currency, right.Currency);
    }

    private static InvalidOperationException Uninitialised() =>
        new("this Money is default(Money) and has no currency; create amounts with new Money(minorUnits, currency) or Money.Zero(currency)");

    private static MoneyError Malformed(ReadOnlySpan<char> text) =>
        new(MoneyErrorKind.Malformed, $"amount '{MoneyError.Quote(text)}' is not a plain decimal number");

    private static MoneyError OutOfRange(ReadOnlySpan<char> text) =>
        new(MoneyErrorKind.OutOfRange, $"amount '{MoneyError.Quote(text)}' is out of range");

    private static MoneyError NotPositive(ReadOnlySpan<char> text) =>
        new(MoneyErrorKind.NotPositive, $"amount '{MoneyError.Quote(text)}' is not positive");

    private static string Invariant(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static int SignificantDecimals(decimal amount)
    {
        var decimals = 0;
        while (amount != decimal.Truncate(amount))
        {
            amount *= 10;
            decimals++;
        }

        return decimals;
    }
}
