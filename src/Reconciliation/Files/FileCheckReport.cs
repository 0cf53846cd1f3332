namespace Settlement.Reconciliation.Files;

/// <summary>What <see cref="FileCheck"/> found: the rejection of a file no format reads, or how it reads and what it holds.</summary>
public sealed record FileCheckReport
{
    /// <summary>Why no format reads the file (it would be quarantined with this reason); null when one does.</summary>
    public FileRejection? Rejection { get; init; }

    public FileKind Kind { get; init; }

    /// <summary>The dedupe namespace: <c>canonical</c> or the profile's name.</summary>
    public string Source { get; init; } = string.Empty;

    public string Recognition { get; init; } = string.Empty;

    /// <summary>Where the profile came from (a file, or a shipped resource); null for a canonical file.</summary>
    public string? ProfileOrigin { get; init; }

    public IReadOnlyList<CanonicalLine> Sample { get; init; } = [];

    /// <summary>The first <see cref="FileCheck.MaxErrorsKept"/> line errors; <see cref="ErrorCount"/> counts them all.</summary>
    public IReadOnlyList<LineError> Errors { get; init; } = [];

    public long ErrorCount { get; init; }

    public long Lines { get; init; }

    public long Ignored { get; init; }

    /// <summary>Canonical type (SETTLED, CHARGEBACK, PA, …) → lines.</summary>
    public IReadOnlyDictionary<string, long> LinesByType { get; init; } = new Dictionary<string, long>();

    /// <summary>"SETTLED EUR" → the total of the lines' gross (or amount), as money text.</summary>
    public IReadOnlyDictionary<string, string> Sums { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> TrailerChecks { get; init; } = [];

    public bool HasTrailerRule { get; init; }
}
