namespace Settlement.Reconciliation.Monetary;

/// <summary>Why an amount or a currency could not be read.</summary>
public enum MoneyErrorKind
{
    /// <summary>The amount or the currency is missing or blank.</summary>
    Empty,

    /// <summary>Not a plain decimal number: a '+', an exponent, separators, spaces, a bare '.', non-ASCII digits.</summary>
    Malformed,

    /// <summary>More decimals than the currency's ISO 4217 exponent, even if the extra digits are zeros.</summary>
    TooManyDecimals,

    /// <summary>A negative amount where only zero or more is allowed.</summary>
    Negative,

    /// <summary>Zero or less where a positive amount is required.</summary>
    NotPositive,

    /// <summary>The currency code is not an active ISO 4217 code with a minor unit.</summary>
    UnknownCurrency,

    /// <summary>More than 18 significant integer digits, or beyond what a 64-bit count of minor units holds.</summary>
    OutOfRange,
}
