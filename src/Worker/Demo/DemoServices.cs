using Settlement.Worker.Commands;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Demo;

/// <summary>Wires the <c>demo</c> command: the worker as <c>run</c> has it, plus the day it tells.</summary>
public static class DemoServices
{
    public const string DataDirectoryKey = "Settlement:DataDirectory";

    /// <summary>The demo keeps its data apart from the worker's own (<c>./data/demo</c>) unless told otherwise.</summary>
    public const string DemoDataDirectory = "data/demo";

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder, DemoCommand command)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[DataDirectoryKey] is null or "data")
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DataDirectoryKey] = DemoDataDirectory });
        }

        // The story on standard output reads better beside the worker's own log lines only: the frameworks' (HTTP
        // client, Hangfire, Quartz, hosting) stay at warnings unless configured otherwise (Information is the
        // appsettings default; any other level was asked for).
        if (builder.Configuration["Logging:LogLevel:Default"] is null or "Information")
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Settlement"] = "Information",
            });
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
