using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Tests.Ingestion;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Observability;
using Settlement.Worker.RemoteSources;

namespace Settlement.Tests.RemoteSources;

/// <summary>
/// One worker instance pulling a source in this process, as the worker composes it: SSH.NET against a real sshd,
/// the rows in the test database, and the drop folder's own intake (<see cref="IngestionFolder"/>). Several of them
/// on one database and one server are several instances sharing the work.
/// </summary>
internal sealed class PullingInstance : IDisposable
{
    public const string SourceName = "acme";

    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ILoggerFactory _logs;

    public PullingInstance(
        IngestionFolder folder, OpenSshServer server, Action<SourceOptions>? configure = null, string instance = "test-host:1", ConcurrentQueue<string>? log = null, string source = SourceName)
    {
        Name = source;
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(server);
        Settings = new SourceOptions
        {
            Host = server.Host,
            Port = server.Port,
            User = server.User,
            PrivateKeyFile = server.ClientKeyFile,
            HostKeyFingerprint = server.HostKeyFingerprint,
            RemoteFolder = server.Folder,
            StableFor = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(Settings);
        var options = new RemoteSourcesOptions();
        options.Sources[source] = Settings;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        _logs = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug);
            if (log is not null)
            {
                builder.AddProvider(new CapturedLog(log));
            }
        });
        Store = new RemoteFileStore(folder.DataSource, folder.Clock);
        var metrics = new SettlementMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Pull = new RemotePull(
            Store,
            new SftpConnector(Options, Store, _logs.CreateLogger<SftpConnector>()),
            new RemoteFileHandOver(folder.Pipeline(new WorkerInstance(instance)), metrics),
            new RemotePullWorkspace(instance, Path.Combine(folder.Root, RemoteSourcesServices.StagingFolderName)),
            _logs.CreateLogger<RemotePull>());
    }

    /// <summary>The source's name (<see cref="SourceName"/> unless told otherwise).</summary>
    public string Name { get; }

    public SourceOptions Settings { get; }

    public IOptions<RemoteSourcesOptions> Options { get; }

    public RemoteFileStore Store { get; }

    public RemotePull Pull { get; }

    public RemoteSource Source => Settings.ToRemoteSource(Name).Value;

    public Task<PullReport> PullAsync() => Pull.PullAsync(Source, TestContext.Current.CancellationToken);

    /// <summary>The sources' health entry as <c>/health/ready</c> would run it.</summary>
    public Task<HealthCheckResult> HealthAsync() =>
        new SourcesHealthCheck(Store, Options).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    public void Dispose()
    {
        _logs.Dispose();
        _meters.Dispose();
    }
}
