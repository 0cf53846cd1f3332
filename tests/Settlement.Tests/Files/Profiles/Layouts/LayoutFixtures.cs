using System.Text;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Tests.Files.Profiles.Layouts;

/// <summary>
/// The reports written in this folder's <c>Fixtures/</c>, one per shipped layout (own ids, amounts and names, in
/// the provider's record layout), copied beside the test binary and read through the shipped profiles.
/// </summary>
internal static class LayoutFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Profiles", "Layouts", "Fixtures", name);

    public static async Task<ReadReport> ReadAsync(string name)
    {
        await using var stream = File.OpenRead(PathOf(name));
        return await SampleReports.ReadAsync(stream, FormatProfiles.Shipped().All);
    }

    /// <summary>The fixture with one line replaced, read the same way: a broken copy without a second file to keep.</summary>
    public static async Task<ReadReport> ReadWithLineAsync(string name, int lineNumber, string replacement)
    {
        var bytes = await File.ReadAllBytesAsync(PathOf(name), TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        Assert.True(lineNumber <= lines.Length, $"{name} has no line {lineNumber}");
        var ending = lines[lineNumber - 1].EndsWith('\r') ? "\r" : string.Empty;
        lines[lineNumber - 1] = replacement + ending;
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return await SampleReports.ReadAsync(stream, FormatProfiles.Shipped().All);
    }
}
