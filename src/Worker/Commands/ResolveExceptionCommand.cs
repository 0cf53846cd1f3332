using System.CommandLine;
using System.Globalization;

namespace Settlement.Worker.Commands;

/// <summary><c>exceptions resolve &lt;id&gt; --note "…" [--by NAME]</c>: closes a case, saying who and why.</summary>
public sealed record ResolveExceptionCommand(long Id, string Note, string ResolvedBy) : WorkerCommand
{
    public static Verb Define()
    {
        var id = new Argument<long>("id")
        {
            Description = "The case's number, as exceptions lists it.",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                result.AddError($"'{text}' is not an exception's number (see 'settlement exceptions --open')");
                return 0;
            },
        };
        var note = SharedOptions.Note("What was done or found, for the audit trail.");
        var by = SharedOptions.By("Who resolves it");
        return new Verb(
            "resolve",
            "Closes an exception case with a note saying what was done, and who did it.",
            parse => new ResolveExceptionCommand(parse.GetValue(id), parse.GetRequiredValue(note), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { note, by },
            Examples = { new("settlement exceptions resolve 12 --note \"acquirer confirmed the fee\" --by jane", "close case 12") },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the case is resolved",
                [Commands.ExitCodes.UsageOrConfiguration] = "refused: no such case, or it is already resolved",
            },
        };
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<ExceptionsCommandRunner>().ResolveAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
