using System.CommandLine;
using Settlement.Worker.CaptureBeforeExpiry;

namespace Settlement.Worker.Commands;

/// <summary><c>sweep captures [--dry-run] [--json]</c>: runs the capture sweep now (or only decides) and lists what is due and why.</summary>
public sealed record SweepCapturesCommand(bool DryRun, bool Json) : WorkerCommand
{
    /// <summary>The <c>sweep</c> group; captures is its only sweep.</summary>
    public static Verb Define()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide and list, but record and enqueue nothing." };
        var json = SharedOptions.Json("The sweep's decisions as JSON.");
        var captures = new Verb(
            "captures",
            "Runs the capture sweep now, as the capture-sweep schedule does: every pre-authorization due before its expiry is captured (or released), and every one due, held or expired is listed with its action and the rule that decided its expiry.",
            parse => new SweepCapturesCommand(parse.GetValue(dryRun), parse.GetValue(json)))
        {
            Options = { dryRun, json },
            Examples =
            {
                new("settlement sweep captures --dry-run", "what the sweep would do now, without doing it"),
                new("settlement sweep captures", "capture what is due now"),
            },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the sweep ran (a failed capture waits on the dashboard like any operation)",
                [Commands.ExitCodes.UsageOrConfiguration] = "the expiry policy's settings are invalid: the line names the key",
            },
        };
        return new Verb("sweep", "Runs a sweep now instead of waiting for its schedule.") { Subcommands = { captures } };
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<SweepCommandRunner>().RunAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
