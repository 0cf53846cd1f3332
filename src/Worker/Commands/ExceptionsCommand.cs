using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>exceptions [--open] [--json|--csv]</c>: the exception cases of reconciliation.</summary>
public sealed record ExceptionsCommand(bool OpenOnly, bool Json, bool Csv) : WorkerCommand
{
    public static Verb Define()
    {
        var open = new Option<bool>("--open") { Description = "Only the cases still open." };
        var json = SharedOptions.Json("The cases as a JSON array.");
        var csv = new Option<bool>("--csv") { Description = "The cases as CSV, safe to open in a spreadsheet (formula-like values neutralised)." };
        var verb = new Verb(
            "exceptions",
            "Lists the exception cases that need a person: unmatched, duplicate or mismatched lines, legs missing their settlement, disputes and final amounts that could not act, expired pre-authorizations.",
            parse => new ExceptionsCommand(parse.GetValue(open), parse.GetValue(json), parse.GetValue(csv)))
        {
            Options = { open, json, csv },
            Subcommands = { ResolveExceptionCommand.Define() },
            Examples =
            {
                new("settlement exceptions --open", "the cases still open"),
                new("settlement exceptions --csv > exceptions.csv", "every case, for a spreadsheet"),
                new("settlement exceptions resolve 12 --note \"acquirer confirmed the fee\"", "close case 12, saying why"),
            },
            ExitCodes = { [Commands.ExitCodes.Ok] = "the cases were listed" },
        };
        verb.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(csv))
            {
                result.AddError("choose --json or --csv, not both");
            }
        });
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<ExceptionsCommandRunner>().ListAsync(this, context.Output, context.Cancellation);
    }
}
