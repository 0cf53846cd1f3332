namespace Settlement.Reconciliation.Files;

/// <summary>
/// Masks full card numbers (PANs) in free text: any run of 13–19 digits that passes the Luhn check,
/// also written in groups separated by single spaces or dashes, keeps its first 6 and last 4 digits
/// and has the others replaced by '*' ("4111 11** **** 1111"). A full card number (docs/ledger-rules.md) is
/// never stored, logged or echoed, so every field read from a file goes through here first.
/// </summary>
/// <remarks>
/// A run is taken whole: a longer run (a 23-digit ARN) is not a card number and none of its windows
/// is masked; a 13–19 digit run that happens to pass Luhn is masked even if it was an order number,
/// since masking too much is harmless and masking too little is not. PCI DSS 3.4 allows showing
/// at most the first 6 and last 4 digits.
/// </remarks>
public static class CardNumberMasker
{
    public const int MinDigits = 13;

    public const int MaxDigits = 19;

    private const int KeptLeading = 6;

    private const int KeptTrailing = 4;

    /// <summary>The value with every card number masked; the same instance when there is none (no allocation).</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!MayContainCardNumber(value))
        {
            return value;
        }

        char[]? masked = null;
        ScanRuns(value, ref masked);
        return masked is null ? value : new string(masked);
    }

    /// <summary><see cref="Mask(string)"/> that lets null through.</summary>
    public static string? MaskOrNull(string? value) => value is null ? null : Mask(value);

    /// <summary>Whether the text holds a full card number that <see cref="Mask(string)"/> would mask.</summary>
    public static bool ContainsCardNumber(ReadOnlySpan<char> value)
    {
        if (!MayContainCardNumber(value))
        {
            return false;
        }

        char[]? none = null;
        return ScanRuns(value, ref none, maskInto: false);
    }

    // Fewer than 13 digits in the whole value: nothing can be a card number. This is the common case
    // (amounts, dates, short ids) and costs one vectorised pass.
    private static bool MayContainCardNumber(ReadOnlySpan<char> value) =>
        value.Length >= MinDigits && value.Length - CountNonDigits(value) >= MinDigits;

    private static int CountNonDigits(ReadOnlySpan<char> value)
    {
        var count = 0;
        var rest = value;
        while (true)
        {
            var next = rest.IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return count + rest.Length;
            }

            count += next;
            var end = rest[next..].IndexOfAnyExceptInRange('0', '9');
            if (end < 0)
            {
                return count;
            }

            rest = rest[(next + end)..];
        }
    }

    private static bool ScanRuns(ReadOnlySpan<char> value, ref char[]? masked, bool maskInto = true)
    {
        Span<int> positions = stackalloc int[MaxDigits];
        var found = false;
        var i = 0;
        while (i < value.Length)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                i++;
                continue;
            }

            var digits = 0;
            var j = i;
            while (j < value.Length)
            {
                var c = value[j];
                if (char.IsAsciiDigit(c))
                {
                    if (digits < MaxDigits)
                    {
                        positions[digits] = j;
                    }

                    digits++;
                    j++;
                }
                else if ((c == ' ' || c == '-') && j + 1 < value.Length && char.IsAsciiDigit(value[j + 1]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            // Digits that touch a letter belong to an identifier (a 32-hex gateway id holds a Luhn-valid run of
            // 13+ digits about once in fifty ids): masking them would corrupt the id, and no card number is written so.
            var insideIdentifier = (i > 0 && char.IsAsciiLetter(value[i - 1])) || (j < value.Length && char.IsAsciiLetter(value[j]));
            if (!insideIdentifier && digits is >= MinDigits and <= MaxDigits && PassesLuhn(value, positions[..digits]))
            {
                found = true;
                if (maskInto)
                {
                    masked ??= value.ToArray();
                    for (var d = KeptLeading; d < digits - KeptTrailing; d++)
                    {
                        masked[positions[d]] = '*';
                    }
                }
            }

            i = j;
        }

        return found;
    }

    private static bool PassesLuhn(ReadOnlySpan<char> value, ReadOnlySpan<int> positions)
    {
        var sum = 0;
        var doubled = false;
        for (var d = positions.Length - 1; d >= 0; d--)
        {
            var digit = value[positions[d]] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
