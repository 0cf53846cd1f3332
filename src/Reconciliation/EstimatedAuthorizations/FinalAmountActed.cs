namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>The recorded action of one final amount, as the API answers it.</summary>
public sealed record FinalAmountActed(string Action, string? PaymentId, IReadOnlyList<string> OperationIds, string Explanation);
