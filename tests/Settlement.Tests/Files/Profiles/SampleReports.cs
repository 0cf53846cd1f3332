using Settlement.Reconciliation;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Tests.Files.Profiles;

/// <summary>The real acquirer reports of <c>../shared/samples/</c> (beside the repository, never copied into it), read through the shipped profiles.</summary>
internal static class SampleReports
{
    public static string PathOf(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Settlement.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "samples", name));
    }

    public static async Task<ReadReport> ReadAsync(string name, IReadOnlyList<FormatProfile>? profiles = null)
    {
        await using var stream = File.OpenRead(PathOf(name));
        return await ReadAsync(stream, profiles ?? FormatProfiles.Shipped().All);
    }

    public static async Task<ReadReport> ReadAsync(Stream stream, IReadOnlyList<FormatProfile> profiles)
    {
        var opened = await AcquirerFileReader.OpenAsync(stream, profiles, TestContext.Current.CancellationToken);
        Assert.True(opened.IsSuccess, opened.IsFailure ? opened.Error.Message : null);
        await using var file = opened.Value;
        var lines = new List<CanonicalLine>();
        var errors = new List<LineError>();
        await foreach (var line in file.ReadLinesAsync(TestContext.Current.CancellationToken))
        {
            if (line.TryGetValue(out var good, out var error))
            {
                lines.Add(good);
            }
            else
            {
                errors.Add(error);
            }
        }

        return new ReadReport(file.Kind, file.Source, lines, errors, file.IgnoredLines);
    }
}

internal sealed record ReadReport(FileKind Kind, string Source, IReadOnlyList<CanonicalLine> Lines, IReadOnlyList<LineError> Errors, long Ignored)
{
    public (int Good, long Ignored, int Errors) Counts => (Lines.Count, Ignored, Errors.Count);

    public IEnumerable<SettlementLine> Settlement => Lines.Cast<SettlementLine>();

    public IEnumerable<ChargebackEvent> Chargebacks => Lines.Cast<ChargebackEvent>();
}
