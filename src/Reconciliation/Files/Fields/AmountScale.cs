namespace Settlement.Reconciliation.Files.Fields;

/// <summary>How the digits of an amount relate to its value.</summary>
internal enum AmountScale
{
    /// <summary>Major units with a decimal point: <c>12.50</c>.</summary>
    Major,

    /// <summary>Whole minor units of the currency's own ISO 4217 exponent: <c>1250</c> is 12.50 EUR and 1250 JPY.</summary>
    Minor,

    /// <summary>A fixed number of implied decimals whatever the currency: with 2, <c>150000</c> is 1500.00, JPY included.</summary>
    Implied,
}
