namespace Settlement.Reconciliation.Operations;

/// <summary>When a requested operation may run.</summary>
/// <param name="After">The operation it must follow: its job runs only once that one's job has succeeded.</param>
/// <param name="AwaitsApproval">Held with no job until a person approves it (<c>op approve</c>).</param>
public sealed record OperationStart(Operation? After = null, bool AwaitsApproval = false)
{
    /// <summary>At once, on its own.</summary>
    public static OperationStart Immediately { get; } = new();
}
