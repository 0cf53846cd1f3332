namespace Settlement.Worker.Commands;

/// <summary><c>op list [--failed] [--json]</c>: the latest operations, or those a person must act on.</summary>
public sealed record OpListCommand(bool FailedOnly, bool Json) : OpCommand;
