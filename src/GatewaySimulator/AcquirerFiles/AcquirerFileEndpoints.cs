using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NodaTime.Text;

namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>
/// <c>POST /simulator/acquirer-files?date=YYYY-MM-DD&amp;folder=…</c> (Bearer token as for the API), optional
/// <c>seed</c>, <c>missing</c>, <c>amountDifferences</c>, <c>duplicates</c>, <c>fx</c>, <c>unknown</c>,
/// <c>extraChargebacks</c>, <c>extraReversals</c> (rates 0–1) over the configured defaults, and <c>files</c>
/// (<c>settlement</c> or <c>chargebacks</c> for one of the two; both by default). Answers the paths and the manifest.
/// </summary>
public static class AcquirerFileEndpoints
{
    public static IEndpointRouteBuilder MapAcquirerFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/simulator/acquirer-files", WriteAsync);
        return endpoints;
    }

    private static async Task<IResult> WriteAsync(HttpContext context, AcquirerFileService service, IOptions<SimulatorOptions> options)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + options.Value.AccessToken);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        var query = context.Request.Query;
        var date = LocalDatePattern.Iso.Parse(query["date"].ToString());
        var folder = query["folder"].ToString();
        if (!date.Success || string.IsNullOrWhiteSpace(folder))
        {
            return Results.BadRequest(new JsonObject { ["error"] = "date (YYYY-MM-DD) and folder are required" });
        }

        var chosen = service.Defaults.Copy();
        var problems = new List<string>();
        if (Number(query["seed"]) is { } seed)
        {
            chosen.Seed = (int)seed;
        }

        chosen.MissingLineRate = Number(query["missing"]) ?? chosen.MissingLineRate;
        chosen.AmountDifferenceRate = Number(query["amountDifferences"]) ?? chosen.AmountDifferenceRate;
        chosen.DuplicateRate = Number(query["duplicates"]) ?? chosen.DuplicateRate;
        chosen.FxRate = Number(query["fx"]) ?? chosen.FxRate;
        chosen.UnknownLineRate = Number(query["unknown"]) ?? chosen.UnknownLineRate;
        chosen.ExtraChargebackRate = Number(query["extraChargebacks"]) ?? chosen.ExtraChargebackRate;
        chosen.ExtraReversalRate = Number(query["extraReversals"]) ?? chosen.ExtraReversalRate;
        problems.AddRange(chosen.Validate());
        var files = query["files"].ToString();
        if (files is not ("" or AcquirerFileWriter.SettlementFile or AcquirerFileWriter.ChargebacksFile))
        {
            problems.Add("files must be settlement or chargebacks (or absent for both)");
        }

        if (problems.Count > 0)
        {
            return Results.BadRequest(new JsonObject { ["error"] = string.Join("; ", problems) });
        }

        var set = await service.WriteAsync(
            date.Value, folder, chosen, context.RequestAborted, settlement: files != AcquirerFileWriter.ChargebacksFile, chargebacks: files != AcquirerFileWriter.SettlementFile);
        return Results.Json(Render(set));
    }

    private static double? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static JsonObject Render(AcquirerFileSet set) => new()
    {
        ["settlementFile"] = set.SettlementPath,
        ["settlementLines"] = set.SettlementLines,
        ["chargebacksFile"] = set.ChargebacksPath,
        ["chargebackLines"] = set.ChargebackLines,
        ["discrepancies"] = new JsonArray([.. set.Discrepancies.Select(discrepancy => (JsonNode)new JsonObject
        {
            ["kind"] = discrepancy.Kind.ToString(),
            ["file"] = discrepancy.File,
            ["lineNumber"] = discrepancy.LineNumber,
            ["lineId"] = discrepancy.LineId,
            ["transactionId"] = discrepancy.TransactionId,
            ["expected"] = discrepancy.Expected?.ToString(),
            ["written"] = discrepancy.Written?.ToString(),
            ["detail"] = discrepancy.Detail,
        })]),
    };
}
