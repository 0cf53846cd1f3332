namespace Settlement.Reconciliation.Files;

/// <summary>
/// An open acquirer file, canonical or read through a format profile: its kind, the dedupe namespace of
/// its lines, and the lines as a stream of validated canonical lines or line errors.
/// </summary>
public interface IAcquirerFile : IAsyncDisposable
{
    FileKind Kind { get; }

    /// <summary><see cref="CanonicalFormats.Source"/> for a canonical file, else the profile's name.</summary>
    string Source { get; }

    /// <summary>Why the file is read this way: "canonical settlement: …" or "profile adyen-sdr (settlement): the file has …".</summary>
    string Recognition { get; }

    /// <summary>Lines read but not data (a type the profile ignores, another record type): counted, not errors. Final once the lines are read.</summary>
    long IgnoredLines { get; }

    /// <summary>The lines after the header, in file order; can be enumerated once.</summary>
    IAsyncEnumerable<Result<CanonicalLine, LineError>> ReadLinesAsync(CancellationToken cancellationToken = default);
}
