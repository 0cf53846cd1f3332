namespace Settlement.Reconciliation.Operations;

/// <summary>Where an operation stands. Stored as <c>requested</c>, <c>sending</c>, <c>succeeded</c>, <c>failed</c>, <c>needs-review</c>, <c>awaiting-approval</c>, <c>rejected</c>, <c>cancelled</c>.</summary>
public enum OperationStatus
{
    /// <summary>Accepted and waiting for (another) attempt.</summary>
    Requested,

    /// <summary>An attempt is at the gateway. Found on entry, it means the attempt crashed mid-send: query before anything else.</summary>
    Sending,

    /// <summary>Executed at the gateway and recorded in the ledger.</summary>
    Succeeded,

    /// <summary>Declined or invalid (the gateway's code and description are kept); retried only by a person.</summary>
    Failed,

    /// <summary>Executed at the gateway, but the ledger refused the leg: the two disagree and a person must look.</summary>
    NeedsReview,

    /// <summary>Held for a person's approval (a rebill above the cap): no job exists until <c>op approve</c>.</summary>
    AwaitingApproval,

    /// <summary>Declined by a person before it was sent, or after it was refused (<c>op reject</c>): final, never sent.</summary>
    Rejected,

    /// <summary>It waited for another operation and a person called it off (<c>op cancel</c>), or the one it waited for was rejected: final, never sent.</summary>
    Cancelled,
}
