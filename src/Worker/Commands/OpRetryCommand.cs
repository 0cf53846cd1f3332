namespace Settlement.Worker.Commands;

/// <summary><c>op retry &lt;operation-id&gt;</c>: another attempt of a failed operation under the same id.</summary>
public sealed record OpRetryCommand(string OperationId) : OpCommand;
