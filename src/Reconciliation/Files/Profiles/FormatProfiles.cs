namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The profiles a worker recognises: the shipped ones and those of the user's profiles folder. Loaded once,
/// at start-up; a user profile with the name of a shipped one replaces it (a fixed or extended mapping).
/// </summary>
public sealed class FormatProfiles
{
    private FormatProfiles(IReadOnlyList<FormatProfile> all) => All = all;

    public IReadOnlyList<FormatProfile> All { get; }

    /// <summary>Only the shipped profiles.</summary>
    public static FormatProfiles Shipped() => Load(null).Value;

    /// <summary>The shipped profiles and the <c>*.json</c> of <paramref name="userFolder"/> (none when null), or every error found in them.</summary>
    public static Result<FormatProfiles, IReadOnlyList<ProfileError>> Load(string? userFolder)
    {
        var results = FormatProfileLoader.LoadShipped().ToList();
        if (userFolder is not null)
        {
            results.AddRange(FormatProfileLoader.LoadFolder(userFolder));
        }

        var errors = results.Where(result => result.IsFailure).Select(result => result.Error).ToList();
        var byName = new Dictionary<string, FormatProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var profile in results.Where(result => result.IsSuccess).Select(result => result.Value))
        {
            if (byName.TryGetValue(profile.Name, out var earlier) && !earlier.Origin.StartsWith("shipped:", StringComparison.Ordinal))
            {
                errors.Add(new ProfileError(profile.Origin, "$.name", $"'{profile.Name}' is also the name of {earlier.Origin}"));
                continue;
            }

            byName[profile.Name] = profile;
        }

        return errors.Count > 0 ? errors : new FormatProfiles(byName.Values.ToArray());
    }
}
