namespace Settlement.Reconciliation.Files;

/// <summary>
/// A validated line of a canonical file. Every text field has had card numbers masked; identifiers are
/// kept as text exactly as written (trimmed).
/// </summary>
/// <param name="LineNumber">The 1-based physical line where the line starts in the file (the header is line 1).</param>
public abstract record CanonicalLine(long LineNumber)
{
    /// <summary>Physical lines are below this; a line's stored number is its physical line plus <see cref="Part"/> of these.</summary>
    public const long PartUnit = 1L << 40;

    /// <summary>
    /// Which of the lines of its row this one is, from 0: a format profile may make several lines of one row (a sale and
    /// its fee). Canonical files have one line per row.
    /// </summary>
    public int Part { get; init; }

    /// <summary>
    /// The line's number in storage, unique in its file: the physical line for the first line of a row, plus
    /// <see cref="Part"/> × <see cref="PartUnit"/> for the others (so every key built on a file's line numbers holds).
    /// </summary>
    public long StoredNumber => LineNumber + (Part * PartUnit);

    /// <summary>How people read a stored number: the physical line, and for a further line of its row which one ("12.2").</summary>
    public static string Label(long storedNumber) =>
        storedNumber < PartUnit
            ? storedNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{storedNumber % PartUnit}.{(storedNumber / PartUnit) + 1}");

    /// <summary>The physical line of a stored number.</summary>
    public static long PhysicalLine(long storedNumber) => storedNumber % PartUnit;
}
