using Settlement.Worker.Commands;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Demo;

/// <summary>Wires the <c>demo</c> command: the worker as <c>run</c> has it, plus the day it tells.</summary>
public static class DemoServices
{
    public const string DataDirectoryKey = "Settlement:DataDirectory";

    /// <summary>The demo keeps its data apart from the worker's own (<c>./data/demo</c>) unless told otherwise.</summary>
    public const string DemoDataDirectory = "data/demo";

    private const string ToleranceKey = "Settlement:Matching:AmountToleranceMinor";

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder, DemoCommand command)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[DataDirectoryKey] is null or "data")
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DataDirectoryKey] = DemoDataDirectory });
        }

        // The story alone on standard output; every log line (hosting, Hangfire, Quartz, the HTTP client, the worker
        // and its simulator) goes to the log file in the demo's data folder, errors to standard error as well.
        var log = new DemoLog(Path.GetFullPath(builder.Configuration[DataDirectoryKey]!));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Error);
        builder.Services.AddSingleton(log);

        // Some lines settle a little off the gateway's amount: within 0.50 they are "within tolerance", beyond it a mismatch.
        if (builder.Configuration[ToleranceKey] is null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ToleranceKey] = "50" });
        }

        builder.Services.AddSingleton(command);
        builder.Services.AddSingleton<DemoProgress>();
        builder.Services.AddHostedService<DemoDay>();
        return builder;
    }

    /// <summary>Why the demo cannot run with this configuration; null when it can.</summary>
    public static string? Refusal(IConfiguration configuration) =>
        OperationsServices.HasGateway(configuration)
            ? "demo runs against the built-in gateway simulator: leave Settlement:Gateway:BaseUrl empty"
            : null;
}
