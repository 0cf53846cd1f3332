using System.CommandLine;
using System.CommandLine.Invocation;

namespace Settlement.Worker.Commands;

/// <summary>
/// The action of a command on the System.CommandLine tree: how a successful parse of it becomes the
/// <see cref="WorkerCommand"/> to run. <see cref="CommandLine"/> reads it from the parse; it is never invoked,
/// because running a command needs the host, which Program builds only once the command is known.
/// </summary>
public sealed class CommandBinding(Func<ParseResult, WorkerCommand> bind) : SynchronousCommandLineAction
{
    public WorkerCommand Bind(ParseResult parse) => bind(parse);

    public override int Invoke(ParseResult parseResult) =>
        throw new InvalidOperationException("A command's binding is read by CommandLine.Parse, not invoked.");
}
