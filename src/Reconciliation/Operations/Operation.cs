using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// One operation as stored in <c>operations.operations</c>: what was asked, by whom, and what the gateway
/// said to its attempts. <see cref="Id"/> travels as the gateway's <c>merchantTransactionId</c>.
/// </summary>
public sealed record Operation
{
    public required string Id { get; init; }

    public required TransactionType Kind { get; init; }

    /// <summary>The gateway id operated on; null for a payout.</summary>
    public string? ReferencedId { get; init; }

    public required Currency Currency { get; init; }

    /// <summary>The amount; null for a reversal, which releases whatever is open when it executes.</summary>
    public Money? Amount { get; init; }

    public string? ReasonCode { get; init; }

    public OperationStatus Status { get; init; } = OperationStatus.Requested;

    /// <summary>The gateway answered success-needing-review: the leg is recorded and a person should look.</summary>
    public bool NeedsReview { get; init; }

    public int Attempts { get; init; }

    /// <summary>How many attempts the gateway answered with a final code (not a transient one).</summary>
    public int AnswersSeen { get; init; }

    /// <summary>The last attempt may have executed without our knowing: query before sending again.</summary>
    public bool OutcomeUnknown { get; init; }

    public string? LastResultCode { get; init; }

    public string? LastResultDescription { get; init; }

    /// <summary>The gateway's id of the executed transaction, once it succeeded.</summary>
    public string? GatewayTransactionId { get; init; }

    public string? JobId { get; init; }

    /// <summary>The operation this one runs after (a reversal after the capture it follows); null when it runs on its own.</summary>
    public string? AfterOperationId { get; init; }

    public required AuditActor RequestedBy { get; init; }

    /// <summary>Who rejected or cancelled it, with their note; null unless it is <see cref="OperationStatus.Rejected"/> or <see cref="OperationStatus.Cancelled"/>.</summary>
    public string? WithdrawnBy { get; init; }

    public string? WithdrawalNote { get; init; }

    public required Instant CreatedAt { get; init; }

    public required Instant UpdatedAt { get; init; }

    /// <summary>True while the operation still waits for an attempt or is in one.</summary>
    public bool IsInFlight => Status is OperationStatus.Requested or OperationStatus.Sending;

    /// <summary>True once a person rejected or cancelled it: it is never sent.</summary>
    public bool IsWithdrawn => Status is OperationStatus.Rejected or OperationStatus.Cancelled;
}
