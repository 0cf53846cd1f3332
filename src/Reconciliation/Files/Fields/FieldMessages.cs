using System.Globalization;

namespace Settlement.Reconciliation.Files.Fields;

/// <summary>
/// Every message a file reader gives about a field, in one place, so that the canonical reader and every
/// profile say the same thing about the same mistake. Messages name the column as the file names it (the
/// person fixing the file knows those names) and echo values through <see cref="LineError.Echo"/>, which masks
/// card numbers and shortens long values.
/// </summary>
internal static class FieldMessages
{
    public static string Required(string column) => $"{column} is empty; it is required";

    /// <summary>A required canonical field fed by a report column of another name.</summary>
    public static string Required(string column, string field) =>
        string.Equals(column, field, StringComparison.OrdinalIgnoreCase) ? Required(column) : $"{column} is empty; it is required ({field})";

    public static string RequiredFor(string currencyColumn, string amountColumn) => $"{currencyColumn} is empty; it is required for {amountColumn}";

    public static string UnknownCurrency(string text) => $"unknown currency '{LineError.Echo(text)}'";

    public static string NotOneOf(string column, string text, IReadOnlyCollection<string> allowed) =>
        allowed.Count == 2
            ? $"{column} '{LineError.Echo(text)}' is not {allowed.First()} or {allowed.Last()}"
            : $"{column} '{LineError.Echo(text)}' is not one of {string.Join(", ", allowed)}";

    public static string MangledIdentifier(string column, string value) =>
        $"{column} '{LineError.Echo(value)}' was mangled into scientific notation by a spreadsheet; identifiers must be kept as text";

    public static string NotARate(string column, string text) =>
        $"{column} '{LineError.Echo(text)}' is not a positive decimal number such as 1.0834";

    public static string NotIsoDate(string column, string text) => $"{column} '{LineError.Echo(text)}' is not a date YYYY-MM-DD";

    public static string NotADate(string column, string text, IEnumerable<string> formats) =>
        $"{column} '{LineError.Echo(text)}' is not a date as {string.Join(" or ", formats)}";

    public static string NotATimestamp(string column, string text) =>
        $"{column} '{LineError.Echo(text)}' is not an ISO 8601 timestamp with an offset or Z, such as 2026-11-20T14:03:11Z";

    public static string NotATimestamp(string column, string text, IEnumerable<string> formats) =>
        $"{column} '{LineError.Echo(text)}' is not a date and time as {string.Join(" or ", formats)}";

    public static string NotUtf8(string column) => $"{column} is not valid UTF-8 text";

    public static string TooLong(string column, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{column} is longer than {limit} characters (the limit Settlement:Files:MaxFieldLength); the line is not read");

    public static string NotLast4(string column, string value) =>
        $"{column} '{LineError.Echo(value)}' is not the last four digits of a card (exactly 4 digits)";

    public static string NoReference(IEnumerable<string> columns) => $"a line needs at least one of {string.Join(", ", columns)}";

    public static string NotWholeMinorUnits(string text) => $"amount '{LineError.Echo(text)}' is not a whole number of minor units";

    public static string NotANumber(string text) => $"amount '{LineError.Echo(text)}' is not a decimal number";

    public static string TooManyDecimals(string text, int decimals, Monetary.Currency currency) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"amount '{LineError.Echo(text)}' has {decimals} decimals; {currency.Code} allows {currency.Exponent} (a profile may say how to round it: rounding)");

    public static string OutOfRange(string text) => $"amount '{LineError.Echo(text)}' is out of range";

    public static string NotADirection(string column, string? flag, IEnumerable<string> debit, IEnumerable<string> credit) =>
        $"{column} '{LineError.Echo(flag)}' is not a debit ({string.Join(", ", debit)}) or credit ({string.Join(", ", credit)}) flag";
}
