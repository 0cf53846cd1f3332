using System.CommandLine;
using Settlement.Worker.RemoteSources;

namespace Settlement.Worker.Commands;

/// <summary><c>sources list [--json]</c>: every configured SFTP source, its settings (no secrets) and how it last went.</summary>
public sealed record SourcesListCommand(bool Json) : WorkerCommand
{
    public static Verb Define()
    {
        var json = SharedOptions.Json("The sources as JSON.");
        return new Verb(
            "list",
            "Shows each source: server, folder, pattern, credentials (without secrets), host key, conventions, schedule and zone, with its last success or since when and why it is failing.",
            parse => new SourcesListCommand(parse.GetValue(json)))
        {
            Options = { json },
            Examples = { new("settlement sources list", "every source and how it last went") },
            ExitCodes = { [ExitCodes.Ok] = "the sources were listed" },
        };
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<SourcesCommandRunner>().ListAsync(this, context.Output, context.Cancellation);
    }
}
