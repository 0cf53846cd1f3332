using System.CommandLine;
using Settlement.Worker.RemoteSources;

namespace Settlement.Worker.Commands;

/// <summary><c>sources pull &lt;name&gt;</c>: pulls the source now, outside its schedule, as the schedule would.</summary>
public sealed record SourcesPullCommand(string Name) : WorkerCommand
{
    public static Verb Define()
    {
        var name = SourcesCommand.Name();
        var verb = new Verb(
            "pull",
            "Pulls the source now, outside its schedule and exactly as the schedule would, then reconciles; prints each file's outcome and a summary.",
            parse => new SourcesPullCommand(parse.GetRequiredValue(name)))
        {
            Arguments = { name },
            Examples = { new("settlement sources pull acme", "take what source acme has now") },
            ExitCodes =
            {
                [ExitCodes.Ok] = "pulled, every file through",
                [ExitCodes.UsageOrConfiguration] = "no such source, the connection failed, or a file did not get through",
            },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<SourcesCommandRunner>().PullAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
