using Microsoft.AspNetCore.Mvc;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Matching;

/// <summary><c>/api/exceptions</c>: the <c>exceptions</c> command over HTTP, behind the same API key as operations.</summary>
public static class ExceptionsApi
{
    /// <summary>The body of <c>POST /api/exceptions/{id}/resolve</c>.</summary>
    public sealed record ResolveBody(string? Note, string? ResolvedBy);

    public static RouteGroupBuilder MapExceptionsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/exceptions").AddEndpointFilter(OperationsApi.RequireApiKey);
        group.MapGet("/", async (bool? open, ExceptionStore exceptions, CancellationToken cancellationToken) =>
            TypedResults.Ok((await exceptions.ListAsync(open ?? false, cancellationToken)).Select(ExceptionJson.Of)));
        group.MapPost("/{id:long}/resolve", async (long id, [FromBody] ResolveBody? body, ExceptionStore exceptions, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Note))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "a note is required: say what was done about it");
            }

            var resolved = await exceptions.ResolveAsync(id, body?.ResolvedBy ?? "api", body?.Note ?? string.Empty, cancellationToken);
            return resolved.TryGetValue(out var item, out var reason)
                ? Results.Ok(ExceptionJson.Of(item))
                : Results.Problem(statusCode: reason.StartsWith("there is no", StringComparison.Ordinal) ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, title: reason);
        });
        return group;
    }
}
