using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Tests.Files.Profiles.Layouts2;

/// <summary>The reports written in this folder in each shipped layout (copied beside the test binary), read through the shipped profiles.</summary>
internal static class LayoutFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Profiles", "Layouts2", "Fixtures", name);

    public static Task<ReadReport> ReadAsync(string name) => SampleReports.ReadFileAsync(PathOf(name));

    public static async Task<ReadReport> ReadTextAsync(string content)
    {
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await SampleReports.ReadAsync(stream, FormatProfiles.Shipped().All);
    }

    public static Task<string> TextAsync(string name) => File.ReadAllTextAsync(PathOf(name), TestContext.Current.CancellationToken);
}
