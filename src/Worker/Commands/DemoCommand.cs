namespace Settlement.Worker.Commands;

/// <summary>
/// <c>demo [--exit]</c>: the worker with a day of traffic made through the simulator, its acquirer files dropped
/// in, and every part of the mission shown working, ending with the report. Without <c>--exit</c> it keeps running
/// afterwards so the dashboard and the reconciliation page can be looked at.
/// </summary>
public sealed record DemoCommand(bool ExitWhenDone) : WorkerCommand
{
    public override bool RunsHost => true;
}
