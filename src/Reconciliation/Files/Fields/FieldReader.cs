using System.Globalization;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files.Fields;

/// <summary>
/// The field-reading core shared by the canonical reader and every format profile: amounts, currencies, FX rates,
/// identifiers and card digits are read here, once, with the messages of <see cref="FieldMessages"/>. Each method
/// takes the field's trimmed text and either gives the value or a reason fit for a line-error report.
/// </summary>
internal static class FieldReader
{
    private const int MaxLongDigits = 18;

    /// <summary>An ISO 4217 code, or the reason it is not one.</summary>
    public static bool TryCurrency(ReadOnlySpan<char> text, out Currency currency, out string? error)
    {
        if (Currency.TryFind(text, out var found))
        {
            currency = found;
            error = null;
            return true;
        }

        currency = null!;
        error = FieldMessages.UnknownCurrency(text.ToString());
        return false;
    }

    /// <summary>A canonical amount: major units, never negative, never more decimals than the currency (docs/formats.md).</summary>
    public static bool TryCanonicalAmount(ReadOnlySpan<char> text, Currency currency, out Money money, out string? error)
    {
        if (Money.Parse(text, currency, AmountSign.NonNegative).TryGetValue(out money, out var moneyError))
        {
            error = null;
            return true;
        }

        error = moneyError.Message;
        return false;
    }

    /// <summary>
    /// A report's amount, signed, as <paramref name="format"/> says it is written. Accepted: <c>12.50</c>, <c>-12.50</c>,
    /// <c>+12.50</c>, <c>.5</c>, <c>12.</c>, <c>(12.50)</c> and <c>12.50-</c> (negative), with the format's decimal and
    /// group characters. Zeros beyond the currency's decimals are exact ("1.50000000" USD is 1.50); any other extra
    /// decimal is an error unless the format rounds, and then the line records it.
    /// </summary>
    public static bool TryAmount(ReadOnlySpan<char> text, Currency currency, AmountFormat format, out ReadAmount amount, out string? error)
    {
        amount = default;
        var written = text.ToString();
        if (!TryDecimal(text, format, out var value, out var fractionDigits))
        {
            error = format.Scale == AmountScale.Major ? FieldMessages.NotANumber(written) : FieldMessages.NotWholeMinorUnits(written);
            return false;
        }

        if (format.Scale != AmountScale.Major && fractionDigits > 0)
        {
            error = FieldMessages.NotWholeMinorUnits(written);
            return false;
        }

        var shift = format.Scale switch
        {
            AmountScale.Minor => 0,
            AmountScale.Implied => currency.Exponent - format.ImpliedDecimals,
            _ => currency.Exponent,
        };

        decimal minor;
        try
        {
            minor = shift >= 0 ? value * Pow10(shift) : value / Pow10(-shift);
        }
        catch (OverflowException)
        {
            error = FieldMessages.OutOfRange(written);
            return false;
        }

        string? roundedFrom = null;
        if (minor != decimal.Truncate(minor))
        {
            if (format.Rounding == AmountRounding.None)
            {
                var decimals = format.Scale == AmountScale.Implied ? format.ImpliedDecimals : SignificantDecimals(value);
                error = FieldMessages.TooManyDecimals(written, decimals, currency);
                return false;
            }

            minor = format.Rounding switch
            {
                AmountRounding.HalfEven => Math.Round(minor, MidpointRounding.ToEven),
                AmountRounding.HalfUp => Math.Round(minor, MidpointRounding.AwayFromZero),
                _ => Math.Round(minor, MidpointRounding.ToZero),
            };
            roundedFrom = written;
        }

        if (Math.Abs(minor) > long.MaxValue)
        {
            error = FieldMessages.OutOfRange(written);
            return false;
        }

        amount = new ReadAmount((long)minor, roundedFrom);
        error = null;
        return true;
    }

    /// <summary>A report's number (a trailer total, a rate): the same forms as an amount, without a currency.</summary>
    public static bool TryDecimal(ReadOnlySpan<char> text, AmountFormat format, out decimal value, out int fractionDigits)
    {
        value = 0;
        fractionDigits = 0;
        var span = text.Trim();
        var negative = false;
        if (span.Length >= 2 && span[0] == '(' && span[^1] == ')')
        {
            negative = true;
            span = span[1..^1].Trim();
        }
        else if (span.Length >= 2 && span[^1] == '-')
        {
            negative = true;
            span = span[..^1].TrimEnd();
        }

        if (!negative && span.Length > 0 && span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.IsEmpty || span.Length > 64)
        {
            return false;
        }

        Span<char> digits = stackalloc char[span.Length + 2];
        var length = 0;
        var seenPoint = false;
        var integerDigits = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[length++] = c;
                if (seenPoint)
                {
                    fractionDigits++;
                }
                else
                {
                    integerDigits++;
                }
            }
            else if (c == format.Decimal && !seenPoint)
            {
                seenPoint = true;
                digits[length++] = '.';
            }
            else if (format.Group is { } group && c == group && !seenPoint && integerDigits > 0)
            {
                // Grouping is only ever in the integer part: "1.234,56" with group '.'.
            }
            else
            {
                return false;
            }
        }

        if (integerDigits + fractionDigits == 0 || integerDigits > MaxLongDigits + 4)
        {
            return false;
        }

        // Zeros beyond the last significant decimal say nothing about the value.
        var end = length;
        while (seenPoint && fractionDigits > 0 && digits[end - 1] == '0')
        {
            end--;
            fractionDigits--;
        }

        if (seenPoint && digits[end - 1] == '.')
        {
            end--;
        }

        if (!decimal.TryParse(digits[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>A positive FX rate such as <c>1.0834</c>, or the reason it is not one.</summary>
    public static bool TryRate(ReadOnlySpan<char> text, string column, out decimal rate, out string? error)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate) && rate > 0)
        {
            error = null;
            return true;
        }

        error = FieldMessages.NotARate(column, text.ToString());
        return false;
    }

    /// <summary>The reason an identifier cannot be kept (a spreadsheet mangled it), or null when it is fine.</summary>
    public static string? IdentifierProblem(string column, ReadOnlySpan<char> value) =>
        IsScientificNotation(value) ? FieldMessages.MangledIdentifier(column, value.ToString()) : null;

    /// <summary>The reason a card's last four digits are not that (a full number is masked in the echo), or null.</summary>
    public static string? Last4Problem(string column, ReadOnlySpan<char> value) =>
        value.Length == 4 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[1]) && char.IsAsciiDigit(value[2]) && char.IsAsciiDigit(value[3])
            ? null
            : FieldMessages.NotLast4(column, value.ToString());

    /// <summary>
    /// Whether an identifier reads like a spreadsheet's rendering of a long number: "1.23E+22", "8.5e+21".
    /// A mantissa with a decimal point or an exponent with an explicit sign is required, so that a hex
    /// id such as "1e10" is not mistaken for one.
    /// </summary>
    public static bool IsScientificNotation(ReadOnlySpan<char> value)
    {
        var i = 0;
        if (i < value.Length && value[i] is '+' or '-')
        {
            i++;
        }

        var integerDigits = CountDigits(value, ref i);
        var hasPoint = i < value.Length && value[i] == '.';
        if (hasPoint)
        {
            i++;
            CountDigits(value, ref i);
        }

        if (integerDigits == 0 || i >= value.Length || value[i] is not ('e' or 'E'))
        {
            return false;
        }

        i++;
        var signed = i < value.Length && value[i] is '+' or '-';
        if (signed)
        {
            i++;
        }

        return CountDigits(value, ref i) > 0 && i == value.Length && (hasPoint || signed);
    }

    /// <summary>
    /// Mastercard reason codes are four digits (4853); many reports drop the "48" prefix. Visa codes
    /// ("10.4", "12.6.1") and other schemes' are kept as written.
    /// </summary>
    public static string? NormaliseReasonCode(string? scheme, string? reasonCode)
    {
        if (reasonCode is { Length: 2 } && char.IsAsciiDigit(reasonCode[0]) && char.IsAsciiDigit(reasonCode[1])
            && (string.Equals(scheme, "MASTER", StringComparison.OrdinalIgnoreCase) || string.Equals(scheme, "MASTERCARD", StringComparison.OrdinalIgnoreCase)))
        {
            return string.Concat("48", reasonCode);
        }

        return reasonCode;
    }

    private static int CountDigits(ReadOnlySpan<char> value, ref int i)
    {
        var start = i;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
        }

        return i - start;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static int SignificantDecimals(decimal value)
    {
        var scale = (decimal.GetBits(value)[3] >> 16) & 0xFF;
        return scale;
    }
}
