namespace Settlement.Reconciliation.Exceptions;

/// <summary>
/// Which cases the worklist shows and in what order. Every criterion is optional; amounts are in the major units
/// of the case's own currency ("10.00"), so a range means the same to a person reading EUR and JPY cases.
/// </summary>
public sealed record ExceptionFilter
{
    /// <summary>"Nobody": the assignee filter for cases not assigned to anyone.</summary>
    public const string Unassigned = "(nobody)";

    public string? Kind { get; init; }

    /// <summary><c>open</c>, <c>resolved</c>, or null for both.</summary>
    public string? Status { get; init; } = "open";

    /// <summary>Only cases raised at least this many days ago.</summary>
    public int? MinAgeDays { get; init; }

    /// <summary>Only cases open past their kind's SLA.</summary>
    public bool OverdueOnly { get; init; }

    public string? Currency { get; init; }

    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    public long? FileId { get; init; }

    /// <summary>The person the cases are assigned to, or <see cref="Unassigned"/>.</summary>
    public string? Assignee { get; init; }

    public ExceptionSort Sort { get; init; } = ExceptionSort.Raised;

    public bool Descending { get; init; }
}
