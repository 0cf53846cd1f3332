using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Database;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Operations;

/// <summary>
/// Wires operations: their store and requests, Hangfire on our database (schema <c>hangfire</c>, created by our
/// migrations, never by Hangfire), the gateway client, and — in the running worker — the Hangfire server that
/// executes the jobs, the dashboard and the HTTP API.
/// </summary>
public static partial class OperationsServices
{
    public const string GatewaySection = "Settlement:Gateway";

    /// <summary>The one line told when operations cannot run for want of a gateway.</summary>
    public const string MissingGateway = "operations are not executed: Settlement:Gateway:BaseUrl is not configured (with Settlement:Gateway:AccessToken and Settlement:Gateway:EntityId)";

    /// <summary>True when a gateway is configured, so operations can be executed here.</summary>
    public static bool HasGateway(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{GatewaySection}:BaseUrl"]);

    /// <param name="services">The worker's services.</param>
    /// <param name="configuration">Its configuration.</param>
    /// <param name="executeJobs">Run a Hangfire server here (the worker's <c>run</c>); commands only enqueue.</param>
    public static IServiceCollection AddSettlementOperations(this IServiceCollection services, IConfiguration configuration, bool executeJobs)
    {
        services.AddOptions<OperationsOptions>()
            .Bind(configuration.GetSection(OperationsOptions.Section))
            .Validate(options => options.RetryAttempts is >= 0 and <= 100, "Settlement:Operations:RetryAttempts must be between 0 and 100.")
            .Validate(options => options.Delays.All(delay => delay > 0), "Settlement:Operations:RetryDelaysSeconds must be positive.")
            .Validate(options => options.WorkerCount is > 0 and <= 100, "Settlement:Operations:WorkerCount must be between 1 and 100.")
            .ValidateOnStart();
        services.AddOptions<PayoutCardOptions>().Bind(configuration.GetSection($"{OperationsOptions.Section}:PayoutCard"));
        services.AddOptions<DashboardAccessOptions>().Bind(configuration.GetSection(DashboardAccessOptions.Section));
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.TryAddSingleton<SettlementMetrics>();
        services.AddSingleton<OperationStore>();
        services.AddSingleton<IOperationQueue, HangfireOperationJobs>();
        services.AddSingleton<OperationRequests>();
        services.AddSingleton<OperationWithdrawals>();
        services.AddSingleton<OperationGaveUpFilter>();
        services.AddSingleton<OperationRequeuedFilter>();
        services.AddSingleton<DashboardAuthorization>();
        services.AddTransient<OperationExecutor>();
        services.AddTransient<OperationJob>();

        services.AddHangfire((provider, hangfire) =>
        {
            var options = provider.GetRequiredService<IOptions<OperationsOptions>>().Value;
            // Hangfire's default (10 attempts on any exception) is replaced: only a retryable outcome retries;
            // a decline or an invalid request ends Failed at once.
            GlobalJobFilters.Filters.Remove<AutomaticRetryAttribute>();
            hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    // Its own plain connection string: a NodaTime mapping on Hangfire's connections has broken it before.
                    bootstrap => bootstrap.UseNpgsqlConnection(provider.GetRequiredService<SettlementDatabase>().ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        // Created by migration 0007 under the migration lock: two instances starting on an empty
                        // database can break Hangfire's own install.
                        PrepareSchemaIfNecessary = false,
                        // A job is invisible to other workers only while its worker is alive: a killed process's job
                        // comes back within minutes, and a long one is never run twice.
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = TimeSpan.FromMinutes(5),
                        QueuePollInterval = options.QueuePollInterval,
                        // Each worker LISTENs on a connection of its own; an enqueue NOTIFYs them (PostgreSQL 11+).
                        EnableLongPolling = options.LongPolling,
                    })
                .UseFilter(new AutomaticRetryAttribute
                {
                    Attempts = options.RetryAttempts,
                    DelaysInSeconds = options.Delays,
                    OnlyOn = [typeof(OperationRetryException)],
                    OnAttemptsExceeded = AttemptsExceededAction.Fail,
                })
                .UseFilter(provider.GetRequiredService<OperationGaveUpFilter>())
                .UseFilter(provider.GetRequiredService<OperationRequeuedFilter>());
            // Other capabilities whose jobs run on this server bring their retry policy as a state filter service.
            foreach (var filter in provider.GetServices<IElectStateFilter>())
            {
                hangfire.UseFilter(filter);
            }
        });

        if (HasGateway(configuration))
        {
            services.AddGatewayClient(options => configuration.GetSection(GatewaySection).Bind(options));
            if (executeJobs)
            {
                services.AddHangfireServer((provider, server) =>
                {
                    var options = provider.GetRequiredService<IOptions<OperationsOptions>>().Value;
                    server.ServerName = $"settlement-{Environment.MachineName}-{Environment.ProcessId}";
                    server.Queues = [.. OperationKinds.Queues, "default"];
                    server.WorkerCount = options.WorkerCount;
                    server.SchedulePollingInterval = options.SchedulePollingInterval;
                });
            }
        }

        return services;
    }

    /// <summary>
    /// The dashboard at <c>/hangfire</c> (local or Basic credentials, connection string hidden) with the schedules'
    /// page (<see cref="Schedules.SchedulesPage"/>), and <c>/api/operations</c>.
    /// </summary>
    public static WebApplication MapSettlementOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Schedules.SchedulesPage.Register();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [app.Services.GetRequiredService<DashboardAuthorization>()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Settlement operations",
            AppPath = null,
        });
        app.MapOperationsApi();
        return app;
    }

    [LoggerMessage(EventId = LogEvents.OperationsHost.MissingGateway, Level = LogLevel.Warning, Message = MissingGateway)]
    public static partial void LogMissingGateway(ILogger logger);
}
