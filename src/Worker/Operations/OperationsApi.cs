using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>
/// <c>/api/operations</c>: the command line's <c>op</c> over HTTP, behind the <c>X-Api-Key</c> header. Errors are
/// problem+json with the broken rule; nothing is created by a refused request.
/// </summary>
public static class OperationsApi
{
    public static RouteGroupBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/operations").AddEndpointFilter(RequireApiKey);
        group.MapPost("/", RequestAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", FindAsync);
        group.MapPost("/{id}/retry", RetryAsync);
        group.MapPost("/{id}/approve", ApproveAsync);
        group.MapPost("/{id}/reject", RejectAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        return group;
    }

    /// <summary>The body of <c>POST /api/operations</c>.</summary>
    /// <param name="Kind">capture, reverse, refund, payout, rebill, chargeback or chargeback-reversal.</param>
    /// <param name="ReferencedId">The gateway id operated on (none for a payout).</param>
    /// <param name="Amount">A decimal string, e.g. "12.50"; optional where the kind has a natural amount.</param>
    /// <param name="Currency">ISO 4217, with the amount.</param>
    /// <param name="ReasonCode">A chargeback's scheme reason code.</param>
    /// <param name="RequestedBy">Who asks, for the audit trail; "api" when left out.</param>
    public sealed record OperationBody(string? Kind, string? ReferencedId, string? Amount, string? Currency, string? ReasonCode, string? RequestedBy);

    /// <summary>An endpoint filter for every <c>/api</c> group: the configured key in the <c>X-Api-Key</c> header, or 401.</summary>
    internal static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Key;
        var given = http.Request.Headers[ApiOptions.KeyHeader].ToString();
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(given) || !DashboardAuthorization.FixedTimeEquals(given, key))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "missing or wrong API key",
                detail: $"send the configured Settlement:Api:Key in the {ApiOptions.KeyHeader} header");
        }

        return await next(context);
    }

    private static async Task<IResult> RequestAsync([FromBody] OperationBody? body, OperationRequests requests, CancellationToken cancellationToken)
    {
        if (body is null || !OperationKinds.TryParseCommand(body.Kind, out var kind))
        {
            return BadRequest($"kind must be one of {string.Join(", ", OperationKinds.All.Select(OperationKinds.CommandOf))}");
        }

        Money? amount = null;
        if (body.Amount is not null || body.Currency is not null)
        {
            if (!Money.Parse(body.Amount, body.Currency).TryGetValue(out var parsed, out var error))
            {
                return BadRequest($"amount {body.Amount} {body.Currency}: {error}");
            }

            amount = parsed;
        }

        if (kind != TransactionType.Credit && string.IsNullOrWhiteSpace(body.ReferencedId))
        {
            return BadRequest("referencedId is required");
        }

        var actor = AuditActor.Operator(string.IsNullOrWhiteSpace(body.RequestedBy) ? "api" : body.RequestedBy, $"{OperationKinds.CommandOf(kind)} requested through the HTTP API");
        var result = await requests.RequestAsync(new OperationOrder(kind, kind == TransactionType.Credit ? null : body.ReferencedId, amount, body.ReasonCode, actor), cancellationToken);
        if (!result.TryGetValue(out var operation, out var rejection))
        {
            return TypedResults.Problem(
                statusCode: rejection.Rule == LedgerRule.ReferenceNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity,
                title: "the operation breaks a rule",
                detail: rejection.Message,
                extensions: new Dictionary<string, object?> { ["rule"] = rejection.Rule.ToString(), ["resultCode"] = rejection.GatewayResultCode });
        }

        return TypedResults.Json(OperationJson.From(operation), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(OperationStore operations, bool? failed, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Json<JsonNode>(OperationJson.From(await operations.ListAsync(failed ?? false, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken)));

    private static async Task<IResult> FindAsync(string id, OperationStore operations, CancellationToken cancellationToken) =>
        await operations.FindAsync(id, cancellationToken) is { } operation
            ? TypedResults.Json<JsonNode>(OperationJson.From(operation))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "no such operation", detail: $"no operation {id}");

    private static async Task<IResult> RetryAsync(string id, OperationRequests requests, CancellationToken cancellationToken)
    {
        var result = await requests.RetryAsync(id, cancellationToken);
        return result.TryGetValue(out var operation, out var problem)
            ? TypedResults.Json<JsonNode>(OperationJson.From(operation), statusCode: StatusCodes.Status202Accepted)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "the operation cannot be retried", detail: problem);
    }

    /// <summary>The body of <c>POST /api/operations/{id}/approve</c>.</summary>
    /// <param name="ApprovedBy">Who approves, for the audit trail; "api" when left out.</param>
    public sealed record ApprovalBody(string? ApprovedBy);

    private static async Task<IResult> ApproveAsync(string id, [FromBody] ApprovalBody? body, OperationRequests requests, CancellationToken cancellationToken)
    {
        var result = await requests.ApproveAsync(id, string.IsNullOrWhiteSpace(body?.ApprovedBy) ? "api" : body.ApprovedBy, cancellationToken);
        return result.TryGetValue(out var operation, out var problem)
            ? TypedResults.Json<JsonNode>(OperationJson.From(operation), statusCode: StatusCodes.Status202Accepted)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "the operation cannot be approved", detail: problem);
    }

    /// <summary>The body of <c>POST /api/operations/{id}/reject</c> and <c>…/cancel</c>.</summary>
    /// <param name="By">Who declines it, for the audit trail; "api" when left out.</param>
    /// <param name="Note">Why: required.</param>
    public sealed record WithdrawalBody(string? By, string? Note);

    private static async Task<IResult> RejectAsync(string id, [FromBody] WithdrawalBody? body, OperationWithdrawals withdrawals, CancellationToken cancellationToken) =>
        Withdrawn(await withdrawals.RejectAsync(id, string.IsNullOrWhiteSpace(body?.By) ? "api" : body.By, body?.Note ?? string.Empty, cancellationToken), "rejected");

    private static async Task<IResult> CancelAsync(string id, [FromBody] WithdrawalBody? body, OperationWithdrawals withdrawals, CancellationToken cancellationToken) =>
        Withdrawn(await withdrawals.CancelAsync(id, string.IsNullOrWhiteSpace(body?.By) ? "api" : body.By, body?.Note ?? string.Empty, cancellationToken), "cancelled");

    private static IResult Withdrawn(Reconciliation.Result<OperationWithdrawal, string> result, string what) =>
        result.TryGetValue(out var withdrawal, out var problem)
            ? TypedResults.Json<JsonNode>(new JsonObject { ["operation"] = OperationJson.From(withdrawal.Operation), ["cancelled"] = OperationJson.From(withdrawal.Cancelled) })
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"the operation cannot be {what}", detail: problem);

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "bad operation request", detail: detail);
}
