using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Tests.Database;
using Settlement.Tests.Gateway;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.Database;
using Settlement.Worker.Disputes;
using Settlement.Worker.EstimatedAuthorizations;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Matching;
using Settlement.Worker.Notifications;
using Settlement.Worker.Operations;
using Settlement.Worker.OperatorConsole;
using Settlement.Worker.Schedules;

namespace Settlement.Tests.Operations;

[CollectionDefinition(Name)]
public sealed class OperationsHostGroup : ICollectionFixture<OperationsHost>
{
    public const string Name = "operations host";
}

/// <summary>
/// The worker's operations as the running worker has them — the same <c>AddSettlementOperations</c>, a Hangfire
/// server executing jobs, the dashboard and the API on Kestrel — against a fresh database, talking to a real
/// simulator on loopback. Hangfire keeps process-wide state, so this is the one Hangfire host of the test
/// process, shared by the classes of <see cref="OperationsHostGroup"/>.
/// </summary>
/// <remarks>
/// The worker's simulator sits on a fixed port so it can be restarted with other fault rates
/// (<see cref="UseGatewayFaultsAsync"/>); a second, fault-free simulator on the same state makes the test
/// payments that operations then work on.
/// </remarks>
public sealed class OperationsHost(PostgresServer server) : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-0123456789";

    /// <summary>The dashboard's (and the console's) credentials for requests from elsewhere than this machine.</summary>
    public const string DashboardUser = "ops-lead";

    public const string DashboardPassword = "console-password-42";

    /// <summary>The worker's rate limit towards its gateway (Settlement:Gateway:MaxRequestsPerSecond).</summary>
    public const int MaxRequestsPerSecond = 100;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"settlement-ops-{Guid.NewGuid():N}");
    private readonly int _gatewayPort = FreePort();
    private WebApplication? _worker;
    private WebApplication? _gateway;
    private WebApplication? _setupGateway;
    private ServiceProvider? _setupServices;

    /// <summary>The secret the worker signs its notifications with.</summary>
    public const string NotificationSecret = "test-notification-secret-0123456789";

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The loopback port the worker posts notifications to; nothing listens there until a test starts a receiver.</summary>
    public int NotificationPort { get; } = FreePort();

    public IServiceProvider Services => _worker!.Services;

    public Uri WorkerAddress { get; private set; } = null!;

    /// <summary>A fault-free client for making the payments that operations work on.</summary>
    public GatewayClient SetupClient { get; private set; } = null!;

    public OperationRequests Requests => Services.GetRequiredService<OperationRequests>();

    public OperationStore Operations => Services.GetRequiredService<OperationStore>();

    public LedgerStore Ledger => Services.GetRequiredService<LedgerStore>();

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync("operations");
        _setupGateway = await StartSimulatorAsync(0, new Dictionary<string, double>(), new Dictionary<string, string?>());
        await UseGatewayFaultsAsync(new Dictionary<string, double>());

        var services = new ServiceCollection();
        services.AddGatewayClient(options =>
        {
            options.BaseUrl = _setupGateway.BoundAddress();
            options.AccessToken = SimulatorFixture.Token;
            options.EntityId = SimulatorFixture.EntityId;
        });
        services.AddLogging();
        _setupServices = services.BuildServiceProvider();
        SetupClient = _setupServices.GetRequiredService<GatewayClient>();

        _worker = BuildWorker();
        await _worker.Services.GetRequiredService<SettlementDatabase>().OpenAsync(CancellationToken.None);
        _worker.MapSettlementOperations();
        _worker.MapReconciliationPage();
        _worker.MapExceptionsApi();
        _worker.MapFinalAmountsApi();
        _worker.MapOperatorConsole();
        await _worker.StartAsync(CancellationToken.None);
        WorkerAddress = _worker.BoundAddress();
    }

    /// <summary>The worker's current gateway: every request it received and what it answered.</summary>
    public SimulatorRequestLog GatewayRequests => _gateway!.Services.GetRequiredService<SimulatorRequestLog>();

    /// <summary>Restarts the worker's gateway with these fault rates (by name, 0–1; none for a clean gateway).</summary>
    public Task UseGatewayFaultsAsync(IReadOnlyDictionary<string, double> rates) => UseGatewayAsync(rates, new Dictionary<string, string?>());

    /// <summary>Restarts the worker's gateway with these fault rates and other <c>Simulator:*</c> settings (e.g. throttling).</summary>
    public async Task UseGatewayAsync(IReadOnlyDictionary<string, double> rates, IReadOnlyDictionary<string, string?> settings)
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync(CancellationToken.None);
            await _gateway.DisposeAsync();
        }

        _gateway = await StartSimulatorAsync(_gatewayPort, rates, settings);
    }

    /// <summary>A payment made at the simulator and recorded in the ledger, as its webhook would record it.</summary>
    public async Task<string> PaymentAsync(TransactionType type, Money amount)
    {
        var response = await SetupClient.PayAsync(type, amount);
        Assert.True(response.IsSuccessful, response.ResultCode);
        var recorded = await Ledger.StartPaymentAsync(
            new NewPayment(response.Id!, type, amount, response.Timestamp ?? Instant.FromUnixTimeSeconds(0), response.ResultCode, response.MerchantTransactionId),
            AuditActor.Gateway("simulator", "test payment"),
            CancellationToken.None);
        Assert.True(recorded.IsSuccess);
        return response.Id!;
    }

    /// <summary>Asks for an operation as an operator would; fails the test if it is refused.</summary>
    public async Task<Operation> RequestAsync(TransactionType kind, string? referencedId, Money? amount = null, string? reasonCode = null)
    {
        var result = await Requests.RequestAsync(new OperationOrder(kind, referencedId, amount, reasonCode, AuditActor.Operator("tests", "test")), CancellationToken.None);
        Assert.True(result.IsSuccess, result.IsFailure ? result.Error.Message : null);
        return result.Value;
    }

    /// <summary>Waits until the operation satisfies <paramref name="done"/> and returns it.</summary>
    public async Task<Operation> WaitForAsync(string operationId, Func<Operation, bool> done, TimeSpan? timeout = null)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var operation = await Operations.FindAsync(operationId, CancellationToken.None);
            if (operation is not null && done(operation))
            {
                return operation;
            }

            if (elapsed.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                Assert.Fail($"operation {operationId} did not get there in time: {operation}");
            }

            await Task.Delay(50);
        }
    }

    public Task<Operation> WaitForFinishAsync(string operationId, TimeSpan? timeout = null) =>
        WaitForAsync(operationId, operation => operation.Status is OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.NeedsReview, timeout);

    public Task<Operation> WaitForSuccessAsync(string operationId) =>
        WaitForAsync(operationId, operation => operation.Status == OperationStatus.Succeeded);

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public OpCommandRunner CommandRunner => Services.GetRequiredService<OpCommandRunner>();

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            await _worker.DisposeAsync();
        }

        foreach (var simulator in new[] { _gateway, _setupGateway })
        {
            if (simulator is not null)
            {
                await simulator.StopAsync(CancellationToken.None);
                await simulator.DisposeAsync();
            }
        }

        if (_setupServices is not null)
        {
            await _setupServices.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private WebApplication BuildWorker()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Settlement"] = ConnectionString,
            ["Settlement:DataDirectory"] = _dataDirectory,
            ["Settlement:Gateway:BaseUrl"] = $"http://127.0.0.1:{_gatewayPort}",
            ["Settlement:Gateway:AccessToken"] = SimulatorFixture.Token,
            ["Settlement:Gateway:EntityId"] = SimulatorFixture.EntityId,
            // Shorter than the simulator's timeout hold, so "timeout" faults end as unknown outcomes, and long enough that
            // an ordinary answer on a loaded 2-core machine is not one: a POST given up on still executes at the
            // gateway, and a query sent while it is in flight finds nothing, so the next attempt would send it again.
            ["Settlement:Gateway:PaymentTimeout"] = "00:00:04",
            ["Settlement:Gateway:QueryTimeout"] = "00:00:02",
            ["Settlement:Gateway:QueryRetryDelay"] = "00:00:00.050",
            // As production would set it; the burst tests measure that sends stay under it.
            ["Settlement:Gateway:MaxRequestsPerSecond"] = MaxRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Settlement:Operations:RetryAttempts"] = "10",
            ["Settlement:Operations:RetryDelaysSeconds:0"] = "1",
            ["Settlement:Operations:WorkerCount"] = "16",
            ["Settlement:Operations:SchedulePollingInterval"] = "00:00:01",
            ["Settlement:Operations:QueuePollInterval"] = "00:00:00.200",
            ["Settlement:Api:Key"] = ApiKey,
            ["Settlement:Dashboard:Username"] = DashboardUser,
            ["Settlement:Dashboard:Password"] = DashboardPassword,
            ["Settlement:Notifications:Webhook:Url"] = $"http://127.0.0.1:{NotificationPort}/notifications",
            ["Settlement:Notifications:Webhook:Secret"] = NotificationSecret,
            ["Settlement:Notifications:Webhook:Timeout"] = "00:00:02",
            ["Settlement:Notifications:RetryDelaysSeconds:0"] = "1",
        });
#pragma warning disable RS0030 // The test host is a composition root.
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        builder.Services.AddSettlementDatabase(builder.Configuration);
        builder.Services.AddSettlementOperations(builder.Configuration, executeJobs: true);
        builder.Services.AddSingleton<OpCommandRunner>();
        // For the pages a person reads beside the dashboard: files go in, matching decides, the report shows.
        builder.Services.AddFileIngestion(builder.Configuration);
        builder.Services.AddReconciliation(builder.Configuration);
        builder.Services.AddEstimatedAuthorizations(builder.Configuration);
        // op hold / op unhold, and the sweep the scheduler fires.
        builder.Services.AddCaptureBeforeExpiry(builder.Configuration);
        // The dashboard's schedules page reads the catalog and the run history; Quartz itself does not run here.
        builder.Services.AddSettlementSchedules(builder.Configuration, runScheduler: false);
        // The operator console's pages, behind the dashboard's door.
        builder.Services.AddOperatorConsole(builder.Configuration);
        // Notifications are decided when a test runs their sweep; their delivery jobs run on this host's Hangfire server.
        builder.Services.AddNotifications(builder.Configuration);
        return builder.Build();
    }

    private async Task<WebApplication> StartSimulatorAsync(int port, IReadOnlyDictionary<string, double> rates, IReadOnlyDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Simulator"] = ConnectionString,
            ["Simulator:AccessToken"] = SimulatorFixture.Token,
            ["Simulator:EntityIds:0"] = SimulatorFixture.EntityId,
            ["Simulator:Faults:TimeoutHold"] = "00:00:06",
            ["Simulator:Faults:LatencyMilliseconds"] = "100",
        };
        foreach (var (fault, rate) in rates)
        {
            settings[$"Simulator:Faults:Rates:{fault}"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var app = SimulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(CancellationToken.None);
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
