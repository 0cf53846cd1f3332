using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Reconciliation.Monetary;
using Settlement.Worker.Operations;

namespace Settlement.Worker.EstimatedAuthorizations;

/// <summary>
/// <c>POST /api/final-amounts</c>: one final amount, behind the <c>X-Api-Key</c> header like <c>/api/operations</c>.
/// It is stored like a final-amounts file line and acted on at once by the same automation.
/// </summary>
public static class FinalAmountsApi
{
    /// <summary>The body of <c>POST /api/final-amounts</c>.</summary>
    /// <param name="PaymentId">The gateway id of the estimated PA or DB.</param>
    /// <param name="MerchantTransactionId">The merchant reference, when no payment id is given.</param>
    /// <param name="Amount">A decimal string in major units, e.g. "180.00".</param>
    /// <param name="Currency">ISO 4217.</param>
    /// <param name="Reference">A folio or trip number, kept for the audit trail.</param>
    /// <param name="SubmittedBy">Who sends it; "api" when left out.</param>
    public sealed record FinalAmountBody(string? PaymentId, string? MerchantTransactionId, string? Amount, string? Currency, string? Reference, string? SubmittedBy);

    public static RouteGroupBuilder MapFinalAmountsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/final-amounts").AddEndpointFilter(OperationsApi.RequireApiKey);
        group.MapPost("/", SubmitAsync);
        return group;
    }

    private static async Task<IResult> SubmitAsync(
        [FromBody] FinalAmountBody? body, SubmittedFinalAmounts inbox, FinalAmountAutomation automation, FinalAmountStore store, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad final amount", "send {\"paymentId\" or \"merchantTransactionId\", \"amount\", \"currency\", \"reference\"}");
        }

        if (!Money.Parse(body.Amount, body.Currency).TryGetValue(out var amount, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad final amount", $"amount {body.Amount} {body.Currency}: {error}");
        }

        if (string.IsNullOrWhiteSpace(body.PaymentId) && string.IsNullOrWhiteSpace(body.MerchantTransactionId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad final amount", "give paymentId or merchantTransactionId of the estimated payment");
        }

        var by = string.IsNullOrWhiteSpace(body.SubmittedBy) ? "api" : body.SubmittedBy.Trim();
        var stored = await inbox.SubmitAsync(body.PaymentId, body.MerchantTransactionId, amount, body.Reference, by, cancellationToken);
        if (!stored.TryGetValue(out var line, out var duplicate))
        {
            return Problem(StatusCodes.Status409Conflict, "the payment already has a final amount", duplicate);
        }

        // Acted on at once, as a file is after its ingestion; if another run holds the automation, that run or
        // the nightly one acts on it and the answer says it is pending.
        await automation.ActAsync(cancellationToken);
        return TypedResults.Json(await DecisionAsync(store, line, cancellationToken), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<JsonObject> DecisionAsync(FinalAmountStore store, SubmittedFinalAmount line, CancellationToken cancellationToken)
    {
        var answer = new JsonObject { ["fileId"] = line.FileId, ["lineNumber"] = line.LineNumber, ["action"] = "pending" };
        if (await store.ActedAsync(line.FileId, line.LineNumber, cancellationToken) is { } acted)
        {
            answer["action"] = acted.Action;
            answer["paymentId"] = acted.PaymentId;
            answer["operationIds"] = new JsonArray([.. acted.OperationIds.Select(id => (JsonNode?)JsonValue.Create(id))]);
            answer["explanation"] = acted.Explanation;
        }

        return answer;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
