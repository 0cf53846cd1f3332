using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary>
/// <c>profiles check &lt;file&gt; [--profile &lt;file-or-name&gt;] [--lines N]</c>: how the worker would read a file,
/// writing nothing anywhere: the authoring loop of a profile.
/// </summary>
public sealed record ProfilesCheckCommand(string File, string? Profile, int Lines) : WorkerCommand
{
    public override bool NeedsDatabase => false;

    public static Verb Define()
    {
        var file = new Argument<string>("file") { Description = "The report to read." };
        var profile = new Option<string?>("--profile")
        {
            Description = "Read the file with this profile only: a profile file (being written, not yet in the profiles folder) or the name of a known one. Without it, the file is recognised as the worker would.",
            HelpName = "FILE-OR-NAME",
        };
        var lines = new Option<int>("--lines") { Description = "How many lines to show as canonical fields (default 10).", HelpName = "N", DefaultValueFactory = _ => 10 };
        lines.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--lines is 0 or more");
            }
        });
        var verb = new Verb(
            "check",
            "Reads a file as ingestion would and writes nothing anywhere (no database, no folder): which profile and kind it would use and why, the first lines as canonical fields, every line error with its line and column, and the totals — lines per type, sums per currency, the trailer's check — to hold against the report's own. A file no format reads gets the reason it would be quarantined with.",
            parse => new ProfilesCheckCommand(parse.GetRequiredValue(file), parse.GetValue(profile), parse.GetValue(lines)))
        {
            Arguments = { file },
            Options = { profile, lines },
            Examples =
            {
                new("settlement profiles check ~/reports/acme-2026-11-24.csv", "which format the worker would read it with"),
                new("settlement profiles check ~/reports/acme-2026-11-24.csv --profile profiles/acme.json", "try a profile being written"),
            },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the file reads without a line error",
                [Commands.ExitCodes.UsageOrConfiguration] = "the profile given cannot be loaded (each error names its JSON path), or no profile has that name",
                [Commands.ExitCodes.BadInput] = "the file cannot be read, no format reads it, or some lines are errors",
            },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<ProfilesCommandRunner>().CheckAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
