namespace Settlement.Reconciliation.Files.Fields;

/// <summary>
/// What to do with an amount that has more decimals than its currency (a USD column written with 4–6 decimals).
/// <see cref="None"/> makes it a line error; any other mode is chosen by a profile and recorded on the line.
/// </summary>
internal enum AmountRounding
{
    None,

    /// <summary>To the nearest minor unit, ties to the even one (banker's rounding).</summary>
    HalfEven,

    /// <summary>To the nearest minor unit, ties away from zero.</summary>
    HalfUp,

    /// <summary>Towards zero: the extra decimals are dropped.</summary>
    Down,
}
