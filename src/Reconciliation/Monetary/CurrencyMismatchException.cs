namespace Settlement.Reconciliation.Monetary;

/// <summary>
/// Thrown when two amounts in different currencies are added, subtracted or compared. That is always
/// a bug in the caller (an exchange needs a rate and a decision), never bad input, so it is an
/// exception rather than a <see cref="MoneyError"/>.
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    public CurrencyMismatchException()
        : base("the amounts are in different currencies")
    {
    }

    public CurrencyMismatchException(string message)
        : base(message)
    {
    }

    public CurrencyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CurrencyMismatchException(Currency left, Currency right)
        : base($"currency mismatch: {left?.Code} and {right?.Code} cannot be combined")
    {
        Left = left;
        Right = right;
    }

    /// <summary>The currency of the first operand, when known.</summary>
    public Currency? Left { get; }

    /// <summary>The currency of the second operand, when known.</summary>
    public Currency? Right { get; }
}
