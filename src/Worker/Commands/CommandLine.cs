using System.CommandLine;
using System.CommandLine.Invocation;

namespace Settlement.Worker.Commands;

/// <summary>
/// The command line: every command, read by System.CommandLine, and the settings given beside it. A setting is
/// <c>--Key=value</c> (e.g. <c>--Settlement:DataDirectory=/srv/settlement</c>, <c>--Urls=…</c>) anywhere on the line,
/// on any command; a <c>--name=value</c> whose name is one of the commands' options (<c>--reason-code=10.4</c>)
/// belongs to the command.
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// Every command, in the order help lists them. Adding a command is a file that defines it (see
    /// <see cref="SchedulesCommand"/>) and one line here; a subcommand of a group is a line in the group's file.
    /// </summary>
    private static IEnumerable<Command> Commands() =>
    [
        RunCommand.Define(),
        DemoCommand.Define(),
        IngestCommand.Define(),
        ReportCommand.Define(),
        ExceptionsCommand.Define(),
        SchedulesCommand.Define(),
        SweepCapturesCommand.Define(),
        SourcesCommand.Define(),
        OpCommand.Define(),
        HelpCommand.Define(),
    ];

    /// <summary>
    /// The command to run (or the help or usage error to print) and the settings, in the <c>--Key=value</c> form
    /// the host's configuration reads.
    /// </summary>
    public static (WorkerCommand Command, string[] Settings) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Root();
        var optionNames = AllOptionNames(root).ToHashSet(StringComparer.Ordinal);
        var settings = args.Where(arg => IsSetting(arg, optionNames)).ToArray();
        var words = args.Where(arg => !IsSetting(arg, optionNames)).ToArray();
        return (Read(root.Parse(words)), settings);
    }

    /// <summary>The help of the command that <paramref name="path"/> names (<c>["op", "refund"]</c>), for <c>help &lt;command&gt;</c>.</summary>
    public static WorkerCommand HelpFor(RootCommand root, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        Command command = root;
        foreach (var word in path)
        {
            var next = command.Subcommands.FirstOrDefault(sub => sub.Name == word || sub.Aliases.Contains(word));
            if (next is null)
            {
                var where = command == root ? "help" : $"help {PathOf(command)}";
                return new UsageError($"{where}: no command '{word}'{NearestName.Suggestion(word, command.Subcommands.Select(sub => sub.Name))}; see 'settlement help'");
            }

            command = next;
        }

        return Read(root.Parse([.. path, "--help"]));
    }

    /// <summary>The whole command tree, help included; built anew for each parse (it is small).</summary>
    internal static RootCommand Root()
    {
        var root = new RootCommand(
            "Settlement: the nightly reconciliation and settlement worker for card payments. Without a command it runs "
            + "the worker (run); each command below does one part of its work now.")
        {
            HelpName = "settlement",
            Action = new CommandBinding(_ => new RunCommand()),
        };
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        CommandHelp.AddTo(root);
        return root;
    }

    private static WorkerCommand Read(ParseResult parse)
    {
        switch (parse.Action)
        {
            case CommandBinding binding when parse.Errors.Count == 0:
                return binding.Bind(parse);

            case ParseErrorAction or null:
                return UsageErrorOf(parse);

            default:
                // Help, --version and the shell-completion directive print by themselves: keep what they print.
                using (var output = new StringWriter())
                using (var error = new StringWriter())
                {
                    var exitCode = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
                    return exitCode == ExitCodes.Ok ? new HelpText(output.ToString()) : new UsageError(error.ToString().Trim());
                }
        }
    }

    /// <summary>One line: what is wrong, the nearest spelling when it looks like a typo, and where the help is.</summary>
    private static UsageError UsageErrorOf(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = PathOf(command);
        var problem = parse.UnmatchedTokens.Count > 0 ? Unexpected(parse.UnmatchedTokens[0], command)
            : command.Action is null && command.Subcommands.Count > 0 ? $"name what to do: {string.Join(", ", command.Subcommands.Where(sub => !sub.Hidden).Select(sub => sub.Name))}"
            : parse.Errors.Count > 0 ? Sentence(parse.Errors[0].Message)
            : "cannot be read";
        var where = path.Length == 0 ? string.Empty : path + ": ";
        var help = path.Length == 0 ? "settlement help" : $"settlement help {path}";
        return new UsageError($"{where}{problem}; see '{help}'");
    }

    /// <summary>System.CommandLine's message as a clause of the one line: "Required argument …." → "required argument …".</summary>
    private static string Sentence(string message)
    {
        var clause = message.Trim().TrimEnd('.');
        return clause.Length > 1 && char.IsUpper(clause[0]) && char.IsLower(clause[1]) ? char.ToLowerInvariant(clause[0]) + clause[1..] : clause;
    }

    private static string Unexpected(string token, Command command)
    {
        if (token.StartsWith('-'))
        {
            return $"unknown option '{token}'{NearestName.Suggestion(token, SharedOptions.LongOptionNames(command))}";
        }

        return command.Subcommands.Count > 0
            ? $"unknown command '{token}'{NearestName.Suggestion(token, command.Subcommands.Select(sub => sub.Name))}"
            : $"unexpected argument '{token}'";
    }

    /// <summary>"op refund" for the refund command; empty for the root.</summary>
    private static string PathOf(Command command)
    {
        var words = new List<string>();
        for (Symbol? symbol = command; symbol is Command { } current and not RootCommand; symbol = current.Parents.FirstOrDefault())
        {
            words.Insert(0, current.Name);
        }

        return string.Join(' ', words);
    }

    private static IEnumerable<string> AllOptionNames(Command command) =>
        command.Options.SelectMany(option => option.Aliases.Prepend(option.Name)).Concat(command.Subcommands.SelectMany(AllOptionNames));

    private static bool IsSetting(string arg, HashSet<string> optionNames) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals
        && !optionNames.Contains(arg[..equals]);
}
