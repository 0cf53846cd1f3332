namespace Settlement.Worker.Commands;

/// <summary><c>run</c> (the default): the worker itself, until Ctrl-C.</summary>
public sealed record RunCommand : WorkerCommand
{
    public override bool RunsHost => true;
}
