namespace Settlement.Reconciliation.Operations;

/// <summary>Where an operation stands. Stored as <c>requested</c>, <c>sending</c>, <c>succeeded</c>, <c>failed</c>, <c>needs-review</c>, <c>awaiting-approval</c>.</summary>
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
}
