using System.Diagnostics.CodeAnalysis;

namespace Settlement.Reconciliation.Monetary;

/// <summary>Which signs an amount being read may have.</summary>
public enum AmountSign
{
    /// <summary>Zero or more; a leading '-' is an error. Canonical files carry direction in the record type.</summary>
    NonNegative,

    /// <summary>Strictly more than zero; zero is an error too (a capture or refund of nothing).</summary>
    Positive,

    /// <summary>Any sign (adjustments, signed acquirer columns).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "'Signed' is the domain word for an amount that may be negative.")]
    Signed,
}
