using System.Text.Json.Nodes;
using NodaTime.Text;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Worker.Matching;

/// <summary>An exception as JSON, the same for <c>exceptions --json</c> and the exceptions API.</summary>
public static class ExceptionJson
{
    public static JsonNode Of(ExceptionCase item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new JsonObject
        {
            ["id"] = item.Id,
            ["kind"] = item.Kind,
            ["subject"] = item.Subject,
            ["summary"] = item.Summary,
            ["status"] = item.Status,
            ["raised_at"] = InstantPattern.ExtendedIso.Format(item.RaisedAt),
            ["resolved_at"] = item.ResolvedAt is { } at ? InstantPattern.ExtendedIso.Format(at) : null,
            ["resolved_by"] = item.ResolvedBy,
            ["note"] = item.Note,
        };
    }
}
