namespace Settlement.Reconciliation.Files;

/// <summary>
/// A line of a file that was not taken: its 1-based physical line number, the column at fault (null when
/// the line as a whole is wrong, such as a bad field count), the offending value (card numbers masked,
/// cut to a readable length) and a reason meant for the person who fixes the file.
/// </summary>
public sealed record LineError(long LineNumber, string? Column, string? Value, string Reason)
{
    // A whole 100 kB line in one cell would make the report unreadable; the line number finds the rest.
    internal const int MaxValueLength = 200;

    /// <summary>An error whose value is masked and shortened here, so that no caller can forget to.</summary>
    internal static LineError Of(long lineNumber, string? column, string? value, string reason) =>
        new(lineNumber, column, Echo(value), CardNumberMasker.Mask(reason));

    internal static string? Echo(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // Masked before cutting: a cut could leave 13 digits of a 16-digit number unrecognised.
        var masked = CardNumberMasker.Mask(value);
        return masked.Length <= MaxValueLength ? masked : string.Concat(masked.AsSpan(0, MaxValueLength), "…");
    }

    public override string ToString() =>
        Column is null ? $"line {LineNumber}: {Reason}" : $"line {LineNumber}, {Column}: {Reason}";
}
