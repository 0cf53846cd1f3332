namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The profiles a worker recognises: the shipped ones and those of the user's profiles folder, loaded once at
/// start-up. A user profile with the name of a shipped one replaces it (a fixed or extended mapping). A user profile
/// that cannot be loaded is kept aside in <see cref="Unloadable"/>: the worker goes on without it, says so in its
/// health, and quarantines a file that only it would have fitted with its errors.
/// </summary>
public sealed class FormatProfiles
{
    private FormatProfiles(IReadOnlyList<FormatProfile> all, IReadOnlyList<UnloadableProfile> unloadable, string? folder) =>
        (All, Unloadable, Folder) = (all, unloadable, folder);

    public IReadOnlyList<FormatProfile> All { get; }

    public IReadOnlyList<UnloadableProfile> Unloadable { get; }

    /// <summary>The user's profiles folder, when there is one.</summary>
    public string? Folder { get; }

    /// <summary>Only the shipped profiles.</summary>
    public static FormatProfiles Shipped() => Load(null);

    /// <summary>The shipped profiles and the <c>*.json</c> of <paramref name="userFolder"/> (none when null or absent).</summary>
    public static FormatProfiles Load(string? userFolder) =>
        From(FormatProfileLoader.LoadShipped().Concat(userFolder is null ? [] : FormatProfileLoader.LoadFolder(userFolder)), userFolder);

    /// <summary>The profiles of <paramref name="results"/>, later ones replacing shipped ones of the same name.</summary>
    public static FormatProfiles From(IEnumerable<Result<FormatProfile, UnloadableProfile>> results, string? folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        var unloadable = new List<UnloadableProfile>();
        var byName = new Dictionary<string, FormatProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            if (!result.TryGetValue(out var profile, out var failure))
            {
                unloadable.Add(failure);
                continue;
            }

            if (byName.TryGetValue(profile.Name, out var earlier) && !earlier.IsShipped)
            {
                unloadable.Add(new UnloadableProfile(
                    profile.Origin, profile.Name, profile.RecognisingColumns, profile.Delimiter,
                    [new ProfileError(profile.Origin, "$.name", $"'{profile.Name}' is also the name of {earlier.Origin}")]));
                continue;
            }

            byName[profile.Name] = profile;
        }

        return new FormatProfiles([.. byName.Values], unloadable, folder);
    }

    /// <summary>What <see cref="AcquirerFileReader"/> needs to read a file with these profiles.</summary>
    public FileReadOptions ReadOptions(FileIdentity file, int maxFieldLength = FileReadOptions.DefaultMaxFieldLength) => new()
    {
        Profiles = All,
        Unloadable = Unloadable,
        ProfilesFolder = Folder,
        MaxFieldLength = maxFieldLength,
        File = file,
    };
}
