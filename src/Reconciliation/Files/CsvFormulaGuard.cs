namespace Settlement.Reconciliation.Files;

/// <summary>
/// Neutralises CSV formula injection: a value that a spreadsheet would run as a formula (it starts
/// with '=', '+', '-', '@', a tab or a carriage return, as OWASP lists them) gets a leading single
/// quote, which spreadsheets read as "this cell is text". Applied to every value we write to a CSV
/// output, since those values come from files that anyone upstream could have shaped.
/// </summary>
public static class CsvFormulaGuard
{
    public const char Escape = '\'';

    /// <summary>Whether the value would be read as a formula.</summary>
    public static bool IsDangerous(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The value, prefixed with <see cref="Escape"/> when it would be read as a formula; the same instance otherwise.</summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsDangerous(value) ? string.Concat("'", value) : value;
    }
}
