namespace Settlement.Reconciliation.Exceptions;

/// <summary>An open case's standing against its kind's SLA (<see cref="ExceptionSla"/>).</summary>
public enum CaseAgeing
{
    InTime,
    Due,
    Late,
}
