using Settlement.Reconciliation;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Ledger;

namespace Settlement.Tests.Files.Profiles;

/// <summary>Which copy of a report layout a test reads.</summary>
public enum ReportCopy
{
    /// <summary>The fixture in <c>Fixtures/</c>: the layout of a real report with values of our own. Always there.</summary>
    Fixture,

    /// <summary>
    /// The real public report the fixture imitates, beside the repository (<see cref="RepositoryPaths.SharedSamples"/>,
    /// never copied into it). A clone without that folder skips this extra check; the fixture proves the same behaviour.
    /// </summary>
    RealSample,
}

/// <summary>A report layout a shipped profile reads, in its two copies, each with what the tests expect of it.</summary>
internal sealed record ReportLayout<TExpected>(string FixtureName, TExpected OfFixture, string RealSampleName, TExpected OfRealSample)
{
    public TExpected Expected(ReportCopy copy) => copy == ReportCopy.Fixture ? OfFixture : OfRealSample;

    /// <summary>Where the copy is; skips the calling test when it is the real sample and the shared samples are absent.</summary>
    public string PathOf(ReportCopy copy) => copy == ReportCopy.Fixture ? SampleReports.FixturePath(FixtureName) : SampleReports.RealSamplePath(RealSampleName);

    public async Task<(ReadReport Report, TExpected Expected)> ReadAsync(ReportCopy copy) => (await SampleReports.ReadFileAsync(PathOf(copy)), Expected(copy));
}

/// <summary>Reads report files through the public entry point and the shipped profiles, as ingestion does.</summary>
internal static class SampleReports
{
    /// <summary>The fixtures, copied beside the test binary.</summary>
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Profiles", "Fixtures", name);

    public static string RealSamplePath(string name)
    {
        Assert.SkipUnless(
            Directory.Exists(RepositoryPaths.SharedSamples),
            $"{RepositoryPaths.SharedSamples} is absent (the real reports sit only beside the engineers' clones); the fixture case proves the same behaviour");
        return Path.Combine(RepositoryPaths.SharedSamples, name);
    }

    /// <summary>An amount as a report writes it, for the expectations.</summary>
    public static Money Usd(string amount) => LedgerFixtures.Amount(amount, Currency.Usd);

    public static async Task<ReadReport> ReadFileAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, FormatProfiles.Shipped().All);
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

    public SettlementLine First(SettlementRecordType type) => Settlement.First(line => line.RecordType == type);
}
