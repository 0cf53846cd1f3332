using Settlement.Reconciliation.ResultCodes;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// One transaction as the gateway answered it (a payment, a backoffice operation, or an item of a query).
/// A declined initial payment may come back without <see cref="Id"/> and <see cref="Amount"/>.
/// </summary>
public sealed record GatewayResponse
{
    // "2026-11-25 17:26:34.123+0000"; the millis are optional (docs/gateway-api.md).
    private static readonly OffsetDateTimePattern TimestampPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.FFFo<+HHmm>");

    public string? Id { get; init; }

    public string? ReferencedId { get; init; }

    public TransactionType? PaymentType { get; init; }

    /// <summary>The amount, when the answer carried one in a known currency.</summary>
    public Money? Amount { get; init; }

    public string? Currency { get; init; }

    public string? MerchantTransactionId { get; init; }

    public string? Descriptor { get; init; }

    public required string ResultCode { get; init; }

    public string ResultDescription { get; init; } = string.Empty;

    public IReadOnlyList<GatewayParameterError> ParameterErrors { get; init; } = [];

    public Instant? Timestamp { get; init; }

    /// <summary>The card brand (<c>paymentBrand</c>: VISA, MASTER, …) on card payments.</summary>
    public string? PaymentBrand { get; init; }

    public string? CardBin { get; init; }

    public string? CardLast4 { get; init; }

    public string? Ndc { get; init; }

    public string? BuildNumber { get; init; }

    /// <summary>What the result code means for the worker, by the documented patterns.</summary>
    public ResultCodeClass Class => ResultCodeClassifier.Classify(ResultCode);

    public bool IsSuccessful => Class is ResultCodeClass.Success or ResultCodeClass.SuccessNeedsReview;

    /// <summary>Reads one transaction object; null when it has no <c>result.code</c>.</summary>
    public static GatewayResponse? FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("result", out var result)
            || String(result, "code") is not { } code)
        {
            return null;
        }

        var currency = String(element, "currency");
        Money? amount = null;
        if (String(element, "amount") is { } amountText
            && Monetary.Currency.TryFind(currency, out var known)
            && Money.Parse(amountText, known).TryGetValue(out var parsed, out _))
        {
            amount = parsed;
        }

        TransactionType? type = TransactionTypeCode.TryParse(String(element, "paymentType"), out var parsedType) ? parsedType : null;
        Instant? timestamp = String(element, "timestamp") is { } timestampText && TimestampPattern.Parse(timestampText) is { Success: true } parsedTime
            ? parsedTime.Value.ToInstant()
            : null;

        var parameterErrors = new List<GatewayParameterError>();
        if (result.TryGetProperty("parameterErrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                parameterErrors.Add(new GatewayParameterError(String(error, "name") ?? string.Empty, String(error, "value"), String(error, "message") ?? string.Empty));
            }
        }

        element.TryGetProperty("card", out var card);
        return new GatewayResponse
        {
            Id = String(element, "id"),
            ReferencedId = String(element, "referencedId"),
            PaymentType = type,
            Amount = amount,
            Currency = currency,
            MerchantTransactionId = String(element, "merchantTransactionId"),
            Descriptor = String(element, "descriptor"),
            ResultCode = code,
            ResultDescription = String(result, "description") ?? string.Empty,
            ParameterErrors = parameterErrors,
            Timestamp = timestamp,
            PaymentBrand = String(element, "paymentBrand"),
            CardBin = card.ValueKind == JsonValueKind.Object ? String(card, "bin") : null,
            CardLast4 = card.ValueKind == JsonValueKind.Object ? String(card, "last4Digits") : null,
            Ndc = String(element, "ndc"),
            BuildNumber = String(element, "buildNumber"),
        };
    }

    /// <summary>Parses the gateway's timestamp format; null when it is not one.</summary>
    public static Instant? ParseTimestamp(string text) =>
        TimestampPattern.Parse(text) is { Success: true } parsed ? parsed.Value.ToInstant() : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
