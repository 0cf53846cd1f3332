namespace Settlement.Reconciliation.Files;

/// <summary>
/// The columns of one canonical kind: those its header must have (they also recognise the kind) and
/// those it may have. Columns not listed in either are ignored. Names are lower case, as docs/formats.md writes them.
/// </summary>
public sealed record CanonicalFormat(FileKind Kind, string Name, IReadOnlyList<string> RequiredColumns, IReadOnlyList<string> OptionalColumns);
