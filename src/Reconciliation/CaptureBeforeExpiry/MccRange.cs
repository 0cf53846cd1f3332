using System.Globalization;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>An inclusive range of four-digit merchant category codes, written <c>7011</c> or <c>3501-3999</c>.</summary>
public readonly record struct MccRange(int First, int Last)
{
    public bool Contains(int mcc) => mcc >= First && mcc <= Last;

    public static Result<MccRange, string> Parse(string? text)
    {
        var parts = (text ?? string.Empty).Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !TryCode(parts[0], out var first) || !TryCode(parts[^1], out var last) || last < first)
        {
            return $"'{text}' is not an MCC or an MCC range such as 7011 or 3501-3999";
        }

        return new MccRange(first, last);
    }

    public static bool TryCode(string? text, out int mcc) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mcc) && text!.Length == 4;

    public override string ToString() => First == Last ? First.ToString("D4", CultureInfo.InvariantCulture) : $"{First:D4}-{Last:D4}";
}
