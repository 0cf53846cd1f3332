namespace Settlement.Reconciliation.Operations;

/// <summary>An operation a person rejected or cancelled, and the operations that waited for it, cancelled with it.</summary>
public sealed record OperationWithdrawal(Operation Operation, IReadOnlyList<Operation> Cancelled);
