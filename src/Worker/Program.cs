using NodaTime;
using Settlement.Worker;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.Database;
using Settlement.Worker.Demo;
using Settlement.Worker.EstimatedAuthorizations;
using Settlement.Worker.Health;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Operations;
using Settlement.Worker.Matching;
using Settlement.Worker.Observability;
using Settlement.Worker.RemoteSources;
using Settlement.Worker.Retention;
using Settlement.Worker.Schedules;
using Settlement.Worker.Simulator;
using Settlement.Worker.Webhooks;

var (command, settings) = CommandLine.Parse(args);
if (command is UsageError usage)
{
    await Console.Error.WriteLineAsync($"settlement: {usage.Message}");
    return 1;
}

// Settings files ship beside the binary; relative data paths resolve against the caller's folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
if (!command.RunsHost)
{
    // A command's standard output is its answer (a table, JSON): logs go to standard error, warnings only.
    builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    });
}

#pragma warning disable RS0030 // The composition root is the one place that names the system clock; everything else takes IClock.
builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
builder.Services.AddSettlementDatabase(builder.Configuration);
builder.Services.AddFileIngestion(builder.Configuration);
builder.Services.AddSingleton<IngestCommandRunner>();
builder.Services.AddReconciliation(builder.Configuration);
if (command is DemoCommand demo)
{
    if (DemoServices.Refusal(builder.Configuration) is { } refusal)
    {
        await Console.Error.WriteLineAsync($"settlement: {refusal}");
        return 1;
    }

    builder.AddDemo(demo);
}

if (command.RunsHost)
{
    // Before the operations: with no gateway configured, the simulator started here becomes the gateway.
    builder.AddDefaultGatewaySimulator();
}

builder.Services.AddSettlementOperations(builder.Configuration, executeJobs: command.RunsHost);
builder.Services.AddSingleton<OpCommandRunner>();
builder.Services.AddEstimatedAuthorizations(builder.Configuration);
// Quartz, clustered on the same database, only in the running worker; commands read the schedules and their runs.
builder.Services.AddSettlementSchedules(builder.Configuration, runScheduler: command.RunsHost);
builder.Services.AddRetention(builder.Configuration);
builder.Services.AddCaptureBeforeExpiry(builder.Configuration);
builder.Services.AddRemoteSources(builder.Configuration);
if (command.RunsHost)
{
    builder.Services.AddSettlementHealth();
    builder.Services.AddSettlementObservability();
    builder.Services.AddDropFolder();
    builder.Services.AddGatewayWebhooks(builder.Configuration);
}

var app = builder.Build();
if (command.RunsHost)
{
    app.MapSettlementHealth();
    app.MapSettlementMetrics();
    app.MapGatewayWebhooks();
    app.MapExceptionsApi();
    app.MapReconciliationPage();
    app.MapFinalAmountsApi();
}

// The database opens (and the embedded server starts) before the host, and closes after it: the host's
// services can rely on it for their whole life, and Ctrl-C stops PostgreSQL last.
await using var database = app.Services.GetRequiredService<SettlementDatabase>();
try
{
    await database.OpenAsync(app.Lifetime.ApplicationStopping);
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
{
    await Console.Error.WriteLineAsync($"settlement: {reason}");
    return 1;
}

if (command.RunsHost)
{
    // After the database is open: Hangfire's storage needs its connection string.
    app.MapSettlementOperations();
    if (!OperationsServices.HasGateway(app.Configuration))
    {
        OperationsServices.LogMissingGateway(app.Logger);
    }
}

// Settings are checked when first used (a command) or as the host starts (ValidateOnStart, e.g. the schedules'
// time zone and crons): either way a bad one is told in one line.
try
{
    switch (command)
    {
        case OpCommand op:
            return await app.Services.GetRequiredService<OpCommandRunner>().RunAsync(op, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);

        case ExceptionsCommand list:
            return await app.Services.GetRequiredService<ExceptionsCommandRunner>().ListAsync(list, Console.Out, app.Lifetime.ApplicationStopping);

        case ResolveExceptionCommand resolve:
            return await app.Services.GetRequiredService<ExceptionsCommandRunner>().ResolveAsync(resolve, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);

        case SchedulesCommand schedules:
            return await app.Services.GetRequiredService<SchedulesCommandRunner>().RunAsync(schedules, Console.Out, app.Lifetime.ApplicationStopping);
        case SweepCapturesCommand sweep:
            return await app.Services.GetRequiredService<SweepCommandRunner>().RunAsync(sweep, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);

        case SourcesListCommand sources:
            return await app.Services.GetRequiredService<SourcesCommandRunner>().ListAsync(sources, Console.Out, app.Lifetime.ApplicationStopping);

        case SourcesCheckCommand check:
            return await app.Services.GetRequiredService<SourcesCommandRunner>().CheckAsync(check, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);

        case SourcesPullCommand pull:
            return await app.Services.GetRequiredService<SourcesCommandRunner>().PullAsync(pull, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);

        case ReportCommand report:
            return await app.Services.GetRequiredService<ReportCommandRunner>().RunAsync(report, Console.Out, app.Lifetime.ApplicationStopping);

        case IngestCommand ingest:
            using (var interrupt = new CancellationTokenSource())
            {
                Console.CancelKeyPress += (_, press) =>
                {
                    press.Cancel = true;
                    interrupt.Cancel();
                };
                return await app.Services.GetRequiredService<IngestCommandRunner>().RunAsync(ingest, Console.Out, Console.Error, interrupt.Token);
            }

        default:
            await app.RunAsync();
            return 0;
    }
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
{
    await Console.Error.WriteLineAsync($"settlement: {reason}");
    return 1;
}
