namespace Settlement.Reconciliation.Monetary;

/// <summary>
/// Why an amount or a currency was refused: a kind to branch on and a short message that names the
/// offending value, fit for a line-error report.
/// </summary>
public sealed record MoneyError(MoneyErrorKind Kind, string Message)
{
    // Echoed values are cut so that a garbage field (a whole line in one cell) keeps the message short.
    private const int MaxQuotedLength = 40;

    public override string ToString() => Message;

    internal static string Quote(ReadOnlySpan<char> value) =>
        value.Length <= MaxQuotedLength ? value.ToString() : string.Concat(value[..MaxQuotedLength], "…");
}
