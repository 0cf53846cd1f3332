using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary>
/// One command of the command line as System.CommandLine reads it (name, arguments, options, description), with
/// what its help adds (examples, exit codes) and how a successful parse of it becomes the <see cref="WorkerCommand"/>
/// that runs. A verb without a binding is a group that needs one of its subcommands (<c>op</c>, <c>sweep</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1010", Justification = "Command is enumerable only so that collection initializers can add its symbols; a Verb is never enumerated.")]
public sealed class Verb : Command
{
    public Verb(string name, string description, Func<ParseResult, WorkerCommand>? bind = null)
        : base(name, description)
    {
        if (bind is not null)
        {
            Action = new CommandBinding(bind);
        }
    }

    /// <summary>Command lines worth copying, shown under "Examples:".</summary>
    public IList<CommandExample> Examples { get; } = [];

    /// <summary>What each exit code means for this command, shown under "Exit codes:".</summary>
    public IDictionary<int, string> ExitCodes { get; } = new SortedDictionary<int, string>();
}
