using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>ingest &lt;file-or-folder&gt;... [--json]</c>: runs the drop folder's pipeline on the named files now.</summary>
public sealed record IngestCommand(IReadOnlyList<string> Paths, bool Json) : WorkerCommand
{
    public static Verb Define()
    {
        var paths = new Argument<string[]>("file-or-folder")
        {
            Description = "Acquirer files, or folders whose files are all taken (hidden files, *.md, *.done markers and error reports are not).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = SharedOptions.Json("One JSON object per file on standard output (file, kind, status, lines_total, lines_ok, lines_rejected, lines_duplicate, lines_ignored, moved_to, reason).");
        var verb = new Verb(
            "ingest",
            "Ingests acquirer files now, through the drop folder's pipeline (claim, recognise, parse, store, all or nothing per file), the originals left in place; then reconciles. Shows progress on a terminal, then a line per file.",
            parse => new IngestCommand(parse.GetRequiredValue(paths), parse.GetValue(json)))
        {
            Arguments = { paths },
            Options = { json },
            Examples =
            {
                new("settlement ingest samples/files", "every file of the sample day"),
                new("settlement ingest settlement-2026-11-24.csv chargebacks-2026-11-24.csv --json", "two files, the summary as JSON"),
            },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "every file was processed (bad lines reported beside it) or was a duplicate",
                [Commands.ExitCodes.UsageOrConfiguration] = "a file could not be taken: the database failed, or another instance holds it now",
                [Commands.ExitCodes.BadInput] = "a file was quarantined, or a path is missing, unreadable or a folder with no file to take",
            },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<IngestCommandRunner>().RunAsync(this, context.Output, context.Error, context.Cancellation);
    }
}
