using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;

namespace Settlement.Worker.Commands;

/// <summary>
/// The help every command prints for <c>--help</c>, <c>-h</c> and <c>help &lt;command&gt;</c>: System.CommandLine's
/// description, usage, arguments, options and subcommands, then the command's examples, its exit codes and how
/// settings are given.
/// </summary>
public sealed class CommandHelp : SynchronousCommandLineAction
{
    private static readonly CommandExample[] RootExamples =
    [
        new("settlement", "run the worker: drop folder, schedules, operations, dashboard, until Ctrl-C"),
        new("settlement demo --exit", "a day of payments, files and operations through the built-in simulator, ending with the report"),
        new("settlement ingest samples/files", "ingest the files of a folder now and reconcile them"),
        new("settlement help op refund", "the help of one command"),
    ];

    private static readonly SortedDictionary<int, string> RootExitCodes = new()
    {
        [ExitCodes.Ok] = "done",
        [ExitCodes.UsageOrConfiguration] = "not done: the command line, a setting, the database or a folder is wrong, or the ledger refused the request",
        [ExitCodes.BadInput] = "an input file or folder is missing, unreadable, empty or quarantined",
        [ExitCodes.InternalError] = "a bug: the message names the file that holds the stack trace",
        [ExitCodes.Interrupted] = "stopped by Ctrl-C; the work in progress was rolled back",
    };

    // System.CommandLine's own help; these sections follow it.
    private readonly HelpAction _standard = new() { MaxWidth = Width };

    private CommandHelp()
    {
    }

    public override bool ClearsParseErrors => true;

    /// <summary>Redirected output has no window width: wrap where a pager or a file reads well.</summary>
    private static int Width => Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 110 : Console.WindowWidth;

    /// <summary>
    /// Gives the root a help option with these sections. The option is recursive, so every command has it. Windows'
    /// spellings <c>/h</c> and <c>/?</c> are left out: on Linux they are paths.
    /// </summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var standard in root.Options.OfType<HelpOption>().ToList())
        {
            root.Options.Remove(standard);
        }

        root.Options.Add(new HelpOption("--help", "-h", "-?") { Action = new CommandHelp() });
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exitCode = _standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var command = parseResult.CommandResult.Command;
        WriteExamples(output, command switch
        {
            RootCommand => RootExamples,
            Verb verb => verb.Examples,
            _ => [],
        });
        WriteColumns(output, "Exit codes:", (command switch
        {
            RootCommand => RootExitCodes,
            Verb verb => verb.ExitCodes,
            _ => new Dictionary<int, string>(),
        }).Select(code => (code.Key.ToString(CultureInfo.InvariantCulture), code.Value)).ToArray());
        WriteColumns(output, "Settings (on every command):", [("--<Key>=<value>", "any setting of docs/configuration.md, e.g. --Settlement:DataDirectory=/srv/settlement or --Urls=http://127.0.0.1:0")]);
        return exitCode;
    }

    private static void WriteExamples(TextWriter output, IList<CommandExample> examples)
    {
        if (examples.Count == 0)
        {
            return;
        }

        output.WriteLine("Examples:");
        foreach (var example in examples)
        {
            output.WriteLine($"  # {example.WhatItDoes}");
            output.WriteLine($"  {example.Line}");
        }

        output.WriteLine();
    }

    /// <summary>Two columns as System.CommandLine lays out options: the second wrapped to the width, aligned.</summary>
    private static void WriteColumns(TextWriter output, string title, (string First, string Second)[] rows)
    {
        if (rows.Length == 0)
        {
            return;
        }

        output.WriteLine(title);
        var first = rows.Max(row => row.First.Length) + 4;
        foreach (var (name, text) in rows)
        {
            var lines = Wrap(text, Math.Max(Width - first, 30));
            output.WriteLine($"  {name.PadRight(first - 2)}{lines[0]}");
            foreach (var line in lines.Skip(1))
            {
                output.WriteLine(new string(' ', first) + line);
            }
        }

        output.WriteLine();
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return lines;
    }
}
