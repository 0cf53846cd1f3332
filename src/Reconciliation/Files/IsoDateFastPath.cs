using NodaTime;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Reads a date written exactly as <c>YYYY-MM-DD</c> (year 0001–9999, a real day of the ISO calendar) from
/// characters, without the string and pattern machinery of <see cref="NodaTime.Text.LocalDatePattern.Iso"/>;
/// null for anything else, which the caller then reads through that pattern (same value, same errors).
/// Files carry a date on every line: this is the hot path of a million-line file.
/// </summary>
internal static class IsoDateFastPath
{
    public static LocalDate? TryRead(ReadOnlySpan<char> text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return null;
        }

        var year = Digits(text[..4]);
        var month = Digits(text.Slice(5, 2));
        var day = Digits(text.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return null;
        }

        return new LocalDate(year, month, day);
    }

    // -1 when any character is not an ASCII digit.
    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
