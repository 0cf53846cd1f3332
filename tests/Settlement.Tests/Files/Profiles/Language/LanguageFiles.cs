using Settlement.Reconciliation;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Tests.Files.Profiles.Language;

/// <summary>The profiles and reports of this folder: one per mechanism of the profile language (docs/profiles.md).</summary>
internal static class LanguageFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Profiles", "Language", name);

    /// <summary>The profile <paramref name="name"/>.json of this folder, which must load.</summary>
    public static FormatProfile Profile(string name)
    {
        var loaded = FormatProfileLoader.LoadFile(PathOf(name + ".json"));
        Assert.True(loaded.IsSuccess, loaded.IsFailure ? string.Join("; ", loaded.Error.Errors) : null);
        return loaded.Value;
    }

    /// <summary>The profiles of this folder with the shipped ones, as a worker whose profiles folder is this one has them.</summary>
    public static FormatProfiles WithShipped(params string[] names) =>
        FormatProfiles.From(FormatProfileLoader.LoadShipped().Concat(names.Select(name => FormatProfileLoader.LoadFile(PathOf(name + ".json")))), folder: null);

    /// <summary>Reads <paramref name="report"/> with the profile <paramref name="profile"/> beside the shipped ones.</summary>
    public static async Task<ReadReport> ReadAsync(string report, string profile, FileIdentity? file = null)
    {
        await using var stream = File.OpenRead(PathOf(report));
        return await SampleReports.ReadAsync(stream, WithShipped(profile).ReadOptions(file ?? FileIdentity.Unknown));
    }

    public static Result<FormatProfile, UnloadableProfile> Parse(string json) => FormatProfileLoader.Parse(json, "test.json");
}
