namespace Settlement.Tests;

/// <summary>Where the repository and the shared sample reports are, found from the test binary's folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's own sample files.</summary>
    public static string SampleFiles => Path.Combine(Root, "samples", "files");

    /// <summary>The real acquirer reports beside the repository (never copied into it); absent from a user's clone, where the tests that read them skip.</summary>
    public static string SharedSamples => Path.GetFullPath(Path.Combine(Root, "..", "shared", "samples"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Settlement.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Settlement.sln above {AppContext.BaseDirectory}.");
    }
}
