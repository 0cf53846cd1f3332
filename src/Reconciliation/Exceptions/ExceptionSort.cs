namespace Settlement.Reconciliation.Exceptions;

/// <summary>The worklist's sort keys; ties are broken by case id.</summary>
public enum ExceptionSort
{
    Raised,
    Kind,
    Amount,
    Assignee,
    Id,
}
