namespace Settlement.Reconciliation.Exceptions;

/// <summary>One page of the worklist and how many cases the filter matches in all.</summary>
public sealed record WorklistPage(IReadOnlyList<WorklistCase> Cases, long Total, int Page, int PageSize)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}
