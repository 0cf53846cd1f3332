namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Reads profile documents and checks them before any file is read with them, so that a mistake in a profile is told
/// once, at start-up or by <c>profiles check</c>, naming the file, the JSON path and the expected shape — rather than
/// as a failure on every file.
/// </summary>
public static class FormatProfileLoader
{
    /// <summary>The origin prefix of shipped profiles.</summary>
    public const string ShippedOrigin = "shipped:";

    private const string ShippedPrefix = "Settlement.Reconciliation.Files.Profiles.Shipped.";

    /// <summary>The profiles shipped inside the assembly (<c>Files/Profiles/Shipped/*.json</c>).</summary>
    public static IReadOnlyList<Result<FormatProfile, UnloadableProfile>> LoadShipped()
    {
        var assembly = typeof(FormatProfileLoader).Assembly;
        var results = new List<Result<FormatProfile, UnloadableProfile>>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ShippedPrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            results.Add(Parse(reader.ReadToEnd(), ShippedOrigin + resource[ShippedPrefix.Length..]));
        }

        return results;
    }

    /// <summary>The text of a shipped profile, by its resource name (<c>adyen-sdr.json</c>); null when there is none.</summary>
    public static string? ShippedText(string fileName)
    {
        using var stream = typeof(FormatProfileLoader).Assembly.GetManifestResourceStream(ShippedPrefix + fileName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The published JSON Schema of profile documents (docs/profiles.md), for editors and <c>profiles schema</c>.</summary>
    public static string Schema()
    {
        using var stream = typeof(FormatProfileLoader).Assembly.GetManifestResourceStream("Settlement.Reconciliation.Files.Profiles.profile.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every <c>*.json</c> in <paramref name="folder"/>, in name order; none when the folder does not exist.</summary>
    public static IReadOnlyList<Result<FormatProfile, UnloadableProfile>> LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.json")
            .Where(path => !Path.GetFileName(path).EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(LoadFile)
            .ToArray();
    }

    /// <summary>One profile file; a file that cannot be read is an unloadable profile with that reason.</summary>
    public static Result<FormatProfile, UnloadableProfile> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new UnloadableProfile(path, null, [], ',', [new ProfileError(path, "$", $"cannot be read: {exception.Message}")]);
        }

        return Parse(text, path);
    }

    /// <summary>One profile document; <paramref name="origin"/> names it in errors.</summary>
    public static Result<FormatProfile, UnloadableProfile> Parse(string json, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(origin);
        return ProfileDocumentReader.Read(json, origin);
    }
}
