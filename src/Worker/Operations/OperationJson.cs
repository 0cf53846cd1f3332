using System.Text.Json.Nodes;
using NodaTime.Text;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>An operation as JSON, the same for <c>op list --json</c> and the HTTP API.</summary>
public static class OperationJson
{
    public static JsonObject From(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new JsonObject
        {
            ["id"] = operation.Id,
            ["kind"] = OperationKinds.CommandOf(operation.Kind),
            ["paymentType"] = operation.Kind.ToCode(),
            ["referencedId"] = operation.ReferencedId,
            ["amount"] = operation.Amount?.FormatAmount(),
            ["currency"] = operation.Currency.Code,
            ["reasonCode"] = operation.ReasonCode,
            ["status"] = operation.Status.ToCode(),
            ["needsReview"] = operation.NeedsReview,
            ["attempts"] = operation.Attempts,
            ["resultCode"] = operation.LastResultCode,
            ["resultDescription"] = operation.LastResultDescription,
            ["gatewayTransactionId"] = operation.GatewayTransactionId,
            ["jobId"] = operation.JobId,
            ["requestedBy"] = $"{operation.RequestedBy.Kind.ToString().ToLowerInvariant()}:{operation.RequestedBy.Name}",
            ["afterOperationId"] = operation.AfterOperationId,
            ["withdrawnBy"] = operation.WithdrawnBy,
            ["withdrawalNote"] = operation.WithdrawalNote,
            ["createdAt"] = InstantPattern.ExtendedIso.Format(operation.CreatedAt),
            ["updatedAt"] = InstantPattern.ExtendedIso.Format(operation.UpdatedAt),
        };
    }

    public static JsonArray From(IEnumerable<Operation> operations) => [.. operations.Select(From)];
}
