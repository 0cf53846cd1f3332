using System.Globalization;
using Settlement.Harness.Infrastructure;

namespace Settlement.Harness.Scenarios;

/// <summary>What every scenario shares: the cluster, the run's folder, the size (quick or full) and the random seed.</summary>
internal sealed class HarnessContext(HarnessCluster cluster, string folder, bool quick, int seed)
{
    public HarnessCluster Cluster { get; } = cluster;

    public bool Quick { get; } = quick;

    public int Seed { get; } = seed;

    /// <summary>A new, empty folder for one run of a scenario.</summary>
    public string RunFolder(string name)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A fresh migrated database for one run.</summary>
    public async Task<RunDatabase> DatabaseAsync(string name, CancellationToken cancellationToken) =>
        new(await Cluster.CreateDatabaseAsync(name, cancellationToken));

    /// <summary>The worker settings every scenario uses: the run's database and folder, and a drop folder that reacts in a second.</summary>
    public static List<string> WorkerSettings(RunDatabase database, string dataDirectory) =>
    [
        $"--ConnectionStrings:Settlement={database.ConnectionString}",
        $"--Settlement:DataDirectory={dataDirectory}",
        "--Settlement:DropFolder:StableFor=00:00:00.200",
        "--Settlement:DropFolder:ScanInterval=00:00:01",
    ];

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
