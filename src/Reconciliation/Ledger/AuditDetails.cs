using System.Text.Json.Nodes;

namespace Settlement.Reconciliation.Ledger;

/// <summary>The details an audit row keeps of a recorded transaction: what it was, and the warnings it came with.</summary>
internal static class AuditDetails
{
    /// <param name="leg">The recorded transaction.</param>
    /// <param name="warnings">What a person should look at.</param>
    /// <param name="fileLine">The line of the file that brought it, when a file did.</param>
    public static string For(LedgerTransaction leg, IReadOnlyList<LedgerWarning> warnings, long? fileLine = null)
    {
        var details = new JsonObject
        {
            ["type"] = leg.Type.ToCode(),
            ["referenced_id"] = leg.ReferencedId,
            ["amount"] = leg.Amount.FormatAmount(),
            ["currency"] = leg.Currency.Code,
            ["result_code"] = leg.ResultCode,
            ["merchant_transaction_id"] = leg.MerchantTransactionId,
        };
        if (fileLine is { } line)
        {
            details["line"] = line;
        }

        if (warnings.Count > 0)
        {
            details["warnings"] = new JsonArray([.. warnings.Select(warning => (JsonNode?)JsonValue.Create(warning.Message))]);
        }

        return details.ToJsonString();
    }
}
