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

    /// <summary>The worker command line every scenario uses: <c>run</c> on the run's database and folder, with a drop folder that reacts in a second.</summary>
    public static List<string> WorkerSettings(RunDatabase database, string dataDirectory) =>
    [
        "run",
        $"--ConnectionStrings:Settlement={database.ConnectionString}",
        $"--Settlement:DataDirectory={dataDirectory}",
        "--Settlement:DropFolder:StableFor=00:00:00.200",
        "--Settlement:DropFolder:ScanInterval=00:00:01",
    ];

    /// <summary>The operations API key the harness gives its workers.</summary>
    public const string ApiKey = "harness-api-key";

    /// <summary>
    /// Operations settings for fault runs: the API key, a short payment timeout (the simulator holds timeouts
    /// longer), and retries after 1 s picked up within a second, so hundreds of faults fit in minutes.
    /// </summary>
    public static readonly string[] OperationSettings =
    [
        $"--Settlement:Api:Key={ApiKey}",
        "--Settlement:Gateway:PaymentTimeout=00:00:03",
        "--Settlement:Operations:RetryDelaysSeconds:0=1",
        "--Settlement:Operations:SchedulePollingInterval=00:00:01",
        "--Settlement:Operations:QueuePollInterval=00:00:00.500",
    ];

    /// <summary>How long the simulator holds a timeout fault: past the workers' payment timeout.</summary>
    public static readonly TimeSpan TimeoutHold = TimeSpan.FromSeconds(5);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
