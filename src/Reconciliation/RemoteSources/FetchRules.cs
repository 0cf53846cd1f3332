namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// Which files of a remote folder a run takes. A file is taken when it is complete as far as the source lets one
/// tell: with a done-marker convention, once its marker is there; otherwise once its size and modification time
/// held still between two listings <see cref="RemoteSource.StableFor"/> apart. Names the source writes while
/// uploading (<c>*.part</c>, <c>*.tmp</c>, <c>*.filepart</c>, hidden names), markers and checksum files are never
/// data files.
/// </summary>
public static class FetchRules
{
    private static readonly string[] UploadSuffixes = [".part", ".partial", ".tmp", ".filepart", ".crdownload"];

    /// <summary>The entries of a listing that are files to take for <paramref name="source"/>, by name.</summary>
    public static IReadOnlyList<RemoteEntry> DataFiles(RemoteSource source, IEnumerable<RemoteEntry> listing)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(listing);
        return listing
            .Where(entry => IsDataFile(source, entry.Name))
            .OrderBy(entry => entry.ModifiedAt)
            .ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Decides every data file of <paramref name="first"/> against <paramref name="second"/>, the listing taken
    /// <see cref="RemoteSource.StableFor"/> later (the same listing when no new file needed the wait).
    /// </summary>
    /// <param name="source">The source.</param>
    /// <param name="first">The first listing.</param>
    /// <param name="second">The second listing.</param>
    /// <param name="taken">Whether a file (path, size and time) was taken before.</param>
    public static IReadOnlyList<PlannedFile> Plan(RemoteSource source, IReadOnlyList<RemoteEntry> first, IReadOnlyList<RemoteEntry> second, Func<RemoteEntry, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(taken);
        var now = second.ToDictionary(entry => entry.Name, StringComparer.Ordinal);
        var planned = new List<PlannedFile>();
        foreach (var entry in DataFiles(source, first))
        {
            var marker = Companion(now, entry.Name, source.DoneMarkerSuffix);
            var decision = !now.TryGetValue(entry.Name, out var later) ? FetchDecision.Gone
                : taken(entry) ? FetchDecision.AlreadyTaken
                : later.SizeBytes != entry.SizeBytes || later.ModifiedAt != entry.ModifiedAt ? FetchDecision.StillWriting
                : source.DoneMarkerSuffix is not null && marker is null ? FetchDecision.AwaitingMarker
                : FetchDecision.Take;
            planned.Add(new PlannedFile(entry, decision, marker));
        }

        return planned;
    }

    /// <summary>
    /// Reads a checksum file's SHA-256: the first word of its first line, 64 hex digits (<c>sha256sum</c>'s
    /// <c>&lt;hex&gt;  &lt;name&gt;</c>, or the hex alone); null when it holds none.
    /// </summary>
    public static byte[]? ChecksumOf(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var word = content.TrimStart('\uFEFF').Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (word is not { Length: 64 })
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(word);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsDataFile(RemoteSource source, string name) =>
        !name.StartsWith('.')
        && !UploadSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        && !IsCompanion(name, source.DoneMarkerSuffix)
        && !IsCompanion(name, source.ChecksumSuffix)
        && source.Pattern.Matches(name);

    private static bool IsCompanion(string name, string? suffix) =>
        suffix is { Length: > 0 } && name.EndsWith(suffix, StringComparison.Ordinal);

    private static RemoteEntry? Companion(Dictionary<string, RemoteEntry> listing, string name, string? suffix) =>
        suffix is { Length: > 0 } && listing.TryGetValue(name + suffix, out var companion) ? companion : null;
}
