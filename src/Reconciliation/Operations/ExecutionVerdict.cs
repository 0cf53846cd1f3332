namespace Settlement.Reconciliation.Operations;

/// <summary>How one execution of an operation ended, for whoever runs it (the Hangfire job).</summary>
public enum ExecutionVerdict
{
    /// <summary>Executed at the gateway and recorded in the ledger (now or by an earlier execution).</summary>
    Succeeded,

    /// <summary>Declined, invalid or disagreeing with the ledger: final until a person retries it.</summary>
    Failed,

    /// <summary>Transient, unknown, pending or not sent: try again later (a later attempt queries first).</summary>
    RetryLater,

    /// <summary>A person rejected or cancelled it: nothing was sent, and nothing is to be done.</summary>
    Withdrawn,
}
