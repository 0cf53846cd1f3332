namespace Settlement.Reconciliation.Files;

/// <summary>
/// A validated line of a canonical file. Every text field has had card numbers masked; identifiers are
/// kept as text exactly as written (trimmed).
/// </summary>
/// <param name="LineNumber">The 1-based physical line where the line starts in the file (the header is line 1).</param>
public abstract record CanonicalLine(long LineNumber);
