using System.CommandLine;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Worker.Commands;

/// <summary><c>report [--date YYYY-MM-DD] [--json]</c>: the reconciliation report, for one settlement date or all.</summary>
public sealed record ReportCommand(LocalDate? Date, bool Json) : WorkerCommand
{
    public static Verb Define()
    {
        var date = new Option<LocalDate?>("--date")
        {
            Description = "Only this settlement date (default: every date).",
            HelpName = "YYYY-MM-DD",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                var parsed = LocalDatePattern.Iso.Parse(text);
                if (parsed.Success)
                {
                    return parsed.Value;
                }

                result.AddError($"'{text}' is not a date YYYY-MM-DD, e.g. --date 2026-11-24");
                return null;
            },
        };
        var json = SharedOptions.Json("The report as JSON, with the counts matched, matched_within_tolerance, amount_mismatch, currency_mismatch, unmatched, duplicate, missing, awaiting and settled at its top level.");
        return new Verb(
            "report",
            "Decides the settlement lines still open, then reports lines per outcome and currency, legs settled, awaiting and missing, and payouts against the expected net.",
            parse => new ReportCommand(parse.GetValue(date), parse.GetValue(json)))
        {
            Options = { date, json },
            Examples =
            {
                new("settlement report --date 2026-11-24", "the report of one settlement date"),
                new("settlement report --json", "every date, as JSON for a script"),
            },
            ExitCodes = { [Commands.ExitCodes.Ok] = "the report was printed" },
        };
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<ReportCommandRunner>().RunAsync(this, context.Output, context.Cancellation);
    }
}
