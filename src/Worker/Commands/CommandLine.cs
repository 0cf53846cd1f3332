namespace Settlement.Worker.Commands;

/// <summary>
/// Splits the arguments into the command (with its own arguments) and configuration overrides. Settings
/// are always <c>--Key=value</c> (e.g. <c>--Settlement:DataDirectory=/srv/settlement</c>); anything else
/// belongs to the command.
/// </summary>
public static class CommandLine
{
    public const string Usage = "usage: settlement [run] | ingest <file-or-folder>... [--json]   (settings: --Key=value)";

    public static (WorkerCommand Command, string[] Settings) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = args.Where(IsSetting).ToArray();
        var words = args.Where(arg => !IsSetting(arg)).ToList();
        if (words.Count == 0)
        {
            return (new RunCommand(), settings);
        }

        var rest = words.Skip(1).ToList();
        WorkerCommand command = words[0] switch
        {
            "run" when rest.Count == 0 => new RunCommand(),
            "run" => new UsageError($"run takes no arguments, got '{rest[0]}'"),
            "ingest" => ParseIngest(rest),
            "help" or "--help" or "-h" => new UsageError(Usage),
            _ => new UsageError($"unknown command '{words[0]}'; {Usage}"),
        };
        return (command, settings);
    }

    private static WorkerCommand ParseIngest(List<string> rest)
    {
        var json = rest.Remove("--json");
        var unknown = rest.FirstOrDefault(arg => arg.StartsWith('-'));
        if (unknown is not null)
        {
            return new UsageError($"ingest: unknown option '{unknown}'; usage: ingest <file-or-folder>... [--json]");
        }

        return rest.Count == 0
            ? new UsageError("ingest: name at least one file or folder; usage: ingest <file-or-folder>... [--json]")
            : new IngestCommand(rest, json);
    }

    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);
}
