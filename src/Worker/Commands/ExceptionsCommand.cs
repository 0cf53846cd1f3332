namespace Settlement.Worker.Commands;

/// <summary><c>exceptions [--open] [--json|--csv]</c>: the exception cases of reconciliation.</summary>
public sealed record ExceptionsCommand(bool OpenOnly, bool Json, bool Csv) : WorkerCommand;
