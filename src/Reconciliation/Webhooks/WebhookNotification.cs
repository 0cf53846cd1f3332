using System.Text.Json;
using Settlement.Reconciliation.Gateway;

namespace Settlement.Reconciliation.Webhooks;

/// <summary>
/// A decrypted notification: <c>{ "type": "PAYMENT", "payload": { …an API response… } }</c>. Only PAYMENT
/// notifications carry a <see cref="Payment"/>; REGISTRATION, SCHEDULE and RISK are ignored.
/// </summary>
public sealed record WebhookNotification(string Type, GatewayResponse? Payment, string? PayloadJson)
{
    public const string PaymentType = "PAYMENT";

    public bool IsPayment => string.Equals(Type, PaymentType, StringComparison.Ordinal);

    public static Result<WebhookNotification, WebhookRefusal> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return new WebhookRefusal(WebhookRefusalKind.NotANotification, "decrypted JSON has no type");
            }

            var typeName = type.GetString()!;
            if (!string.Equals(typeName, PaymentType, StringComparison.Ordinal))
            {
                return new WebhookNotification(typeName, null, null);
            }

            if (!root.TryGetProperty("payload", out var payload) || GatewayResponse.FromJson(payload) is not { } payment)
            {
                return new WebhookRefusal(WebhookRefusalKind.NotANotification, "PAYMENT notification without a payload carrying result.code");
            }

            return new WebhookNotification(typeName, payment, payload.GetRawText());
        }
        catch (JsonException)
        {
            return new WebhookRefusal(WebhookRefusalKind.NotANotification, "decrypted body is not JSON");
        }
    }
}
