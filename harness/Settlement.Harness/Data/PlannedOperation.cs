namespace Settlement.Harness.Data;

/// <summary>One operation to request through the worker's API: its kind as the API names it, the transaction it acts on, and its amount (none for a reversal).</summary>
internal sealed record PlannedOperation(string Kind, string ReferencedId, string? Amount);
