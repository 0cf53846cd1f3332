namespace Settlement.Worker.Commands;

/// <summary><c>op approve &lt;operation-id&gt; [--by NAME]</c>: a person lets an operation held for approval (a rebill above the cap) go.</summary>
public sealed record OpApproveCommand(string OperationId, string ApprovedBy) : OpCommand;
