namespace Settlement.Reconciliation.Operations;

/// <summary>The stored spelling of <see cref="OperationStatus"/>.</summary>
public static class OperationStatusCode
{
    public static string ToCode(this OperationStatus status) => status switch
    {
        OperationStatus.Requested => "requested",
        OperationStatus.Sending => "sending",
        OperationStatus.Succeeded => "succeeded",
        OperationStatus.Failed => "failed",
        OperationStatus.NeedsReview => "needs-review",
        OperationStatus.AwaitingApproval => "awaiting-approval",
        OperationStatus.Rejected => "rejected",
        OperationStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static OperationStatus Parse(string code) => code switch
    {
        "requested" => OperationStatus.Requested,
        "sending" => OperationStatus.Sending,
        "succeeded" => OperationStatus.Succeeded,
        "failed" => OperationStatus.Failed,
        "needs-review" => OperationStatus.NeedsReview,
        "awaiting-approval" => OperationStatus.AwaitingApproval,
        "rejected" => OperationStatus.Rejected,
        "cancelled" => OperationStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not an operation status."),
    };
}
