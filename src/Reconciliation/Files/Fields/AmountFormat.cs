namespace Settlement.Reconciliation.Files.Fields;

/// <summary>How a report writes an amount: its scale, what to do with extra decimals, and its decimal and group characters.</summary>
internal readonly record struct AmountFormat(AmountScale Scale, int ImpliedDecimals, AmountRounding Rounding, char Decimal, char? Group)
{
    public static AmountFormat Plain { get; } = new(AmountScale.Major, 0, AmountRounding.None, '.', null);
}
