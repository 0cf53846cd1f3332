using System.Diagnostics.CodeAnalysis;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// Where stored operations wait for their execution, and where a person retries a failed one. The worker's is
/// Hangfire (a queue per kind, the dashboard); the use cases of this folder know only this port. A job carries
/// only its operation's id: the row in <c>operations.operations</c> stays the truth.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of operations, the port's name in the design; not a collection type.")]
public interface IOperationQueue
{
    /// <summary>
    /// Queues the job of a stored operation and returns its job id. With <paramref name="after"/> it runs only once
    /// that operation's job has succeeded (a reversal never overtakes its capture); a predecessor that already
    /// succeeded, or has no job, leaves nothing to wait for.
    /// </summary>
    string Enqueue(Operation operation, string title, Operation? after);

    /// <summary>Where the job of an operation stands in the queue.</summary>
    OperationJobState StateOf(string jobId);

    /// <summary>A person's retry: the same job queued again, with a fresh budget of automatic retries.</summary>
    void Requeue(Operation operation, string jobId, string reason);

    /// <summary>The job of an operation that must not run any more (rejected or cancelled): out of the queue for good.</summary>
    void Withdraw(string jobId, string reason);
}

/// <summary>Where a job stands in the <see cref="IOperationQueue"/>.</summary>
public enum OperationJobState
{
    /// <summary>The queue does not know it (expired, or never created).</summary>
    Missing,

    /// <summary>Queued, running, scheduled for an automatic retry, or waiting for the job it follows.</summary>
    Waiting,

    /// <summary>Ended failed: it waits for a person.</summary>
    Failed,

    /// <summary>Ended succeeded.</summary>
    Succeeded,

    /// <summary>Taken out of the queue (withdrawn, or deleted by a person on the dashboard).</summary>
    Deleted,
}
