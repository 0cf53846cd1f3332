using System.CommandLine;
using Settlement.Worker.RemoteSources;

namespace Settlement.Worker.Commands;

/// <summary><c>sources check &lt;name&gt;</c>: connects and lists what a pull would take now, fetching nothing.</summary>
public sealed record SourcesCheckCommand(string Name) : WorkerCommand
{
    public static Verb Define()
    {
        var name = SourcesCommand.Name();
        var verb = new Verb(
            "check",
            "Connects (checking the pinned host key), lists the remote folder twice as a pull would, and shows what would be taken and what waits and why. Fetches, claims and records nothing.",
            parse => new SourcesCheckCommand(parse.GetRequiredValue(name)))
        {
            Arguments = { name },
            Examples = { new("settlement sources check acme", "try a new source's settings before its first pull") },
            ExitCodes =
            {
                [ExitCodes.Ok] = "connected, and the listing was shown",
                [ExitCodes.UsageOrConfiguration] = "no such source, or the connection failed: the line names the failure",
            },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<SourcesCommandRunner>().CheckAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
