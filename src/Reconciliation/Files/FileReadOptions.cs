using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Reconciliation.Files;

/// <summary>How <see cref="AcquirerFileReader"/> reads a file: the profiles it may use, the limits, and what it knows of the file.</summary>
public sealed record FileReadOptions
{
    /// <summary>The default <see cref="MaxFieldLength"/>: far above any real field, far below what would hurt.</summary>
    public const int DefaultMaxFieldLength = 4096;

    /// <summary>The format profiles a file may be read with (none: canonical files only).</summary>
    public IReadOnlyList<FormatProfile> Profiles { get; init; } = [];

    /// <summary>User profiles that could not be loaded: a file that only one of them fits is quarantined with its reason.</summary>
    public IReadOnlyList<UnloadableProfile> Unloadable { get; init; } = [];

    /// <summary>Where user profiles live, named in the reason of a file that fits no format.</summary>
    public string? ProfilesFolder { get; init; }

    /// <summary>The longest field read, in characters; a longer one is a line error naming its column.</summary>
    public int MaxFieldLength { get; init; } = DefaultMaxFieldLength;

    public FileIdentity File { get; init; } = FileIdentity.Unknown;
}
