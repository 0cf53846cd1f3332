namespace Settlement.Worker.Commands;

/// <summary><c>sweep captures [--dry-run] [--json]</c>: runs the capture sweep now (or only decides) and lists what is due and why.</summary>
public sealed record SweepCapturesCommand(bool DryRun, bool Json) : WorkerCommand
{
    public const string Usage = "usage: sweep captures [--dry-run] [--json]";
}
