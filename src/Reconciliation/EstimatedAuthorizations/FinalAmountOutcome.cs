using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Operations;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>What a final amount did: its action (<c>requested</c>, <c>closed</c>, <c>refused</c>…), the operations it requested, and the case it raises, if any.</summary>
public sealed record FinalAmountOutcome(string Action, IReadOnlyList<Operation> Operations, string Explanation, ExceptionKind? ExceptionKind);
