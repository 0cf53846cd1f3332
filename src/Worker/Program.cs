using NodaTime;
using Settlement.Worker;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;
using Settlement.Worker.Database;
using Settlement.Worker.Demo;
using Settlement.Worker.Disputes;
using Settlement.Worker.EstimatedAuthorizations;
using Settlement.Worker.Health;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Operations;
using Settlement.Worker.OperatorConsole;
using Settlement.Worker.Matching;
using Settlement.Worker.Notifications;
using Settlement.Worker.Observability;
using Settlement.Worker.RemoteSources;
using Settlement.Worker.Retention;
using Settlement.Worker.Schedules;
using Settlement.Worker.Simulator;
using Settlement.Worker.Webhooks;

var (command, settings) = CommandLine.Parse(args);
if (command is CommandLineAnswer answer)
{
    // Help and usage errors need no host, setting or database.
    return answer.Write(Console.Out, Console.Error);
}

// Every failure a person can fix, from reading the settings to the command's last step, is told in one line.
using var interrupt = new CommandInterrupt();
try
{
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
    builder.Services.AddEstimatedAuthorizations(builder.Configuration);
    // Quartz, clustered on the same database, only in the running worker; commands read the schedules and their runs.
    builder.Services.AddSettlementSchedules(builder.Configuration, runScheduler: command.RunsHost);
    builder.Services.AddRetention(builder.Configuration);
    builder.Services.AddCaptureBeforeExpiry(builder.Configuration);
    builder.Services.AddRemoteSources(builder.Configuration);
    builder.Services.AddNotifications(builder.Configuration);
    if (command.RunsHost)
    {
        builder.Services.AddSettlementHealth();
        builder.Services.AddSettlementObservability();
        builder.Services.AddDropFolder();
        builder.Services.AddGatewayWebhooks(builder.Configuration);
        builder.Services.AddOperatorConsole(builder.Configuration);
    }

    var app = builder.Build();
    if (command.RunsHost)
    {
        // The host stops gracefully on Ctrl-C whenever it comes, even before the host listens for it itself.
        interrupt.AlsoOnPress(app.Lifetime.StopApplication);
    }
    if (command.RunsHost)
    {
        app.MapSettlementHealth();
        app.MapSettlementMetrics();
        app.MapGatewayWebhooks();
        app.MapExceptionsApi();
        app.MapReconciliationPage();
        app.MapFinalAmountsApi();
        app.MapOperatorConsole();
    }

    // The database opens (and the embedded server starts) before the host, and closes after it: the host's
    // services can rely on it for their whole life, and Ctrl-C stops PostgreSQL last.
    await using var database = app.Services.GetRequiredService<SettlementDatabase>();
    if (command.NeedsDatabase)
    {
        await database.OpenAsync(interrupt.Token);
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
    return await command.RunAsync(new CommandContext(app, Console.Out, Console.Error, command.RunsHost ? CancellationToken.None : interrupt.Token));
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
{
    await Console.Error.WriteLineAsync($"settlement: {reason}");
    return ExitCodes.UsageOrConfiguration;
}
catch (OperationCanceledException) when (interrupt.Requested)
{
    await Console.Error.WriteLineAsync("settlement: interrupted; the work in progress was rolled back");
    return ExitCodes.Interrupted;
}
catch (Exception exception)
{
    return await UnexpectedFailure.ReportAsync(exception, Console.Error);
}
