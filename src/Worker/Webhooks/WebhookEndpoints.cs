using System.Text;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Webhooks;

namespace Settlement.Worker.Webhooks;

/// <summary>
/// <c>POST /webhooks/gateway</c>: the gateway's encrypted notifications (docs/gateway-api.md). A message that does
/// not decrypt under the configured key is refused and logged without its body; a PAYMENT notification is
/// stored and applied to the ledger before the 200, other types are acknowledged and ignored.
/// </summary>
public static partial class WebhookEndpoints
{
    // A notification is a few kilobytes; anything much larger is not one.
    private const int MaxBodyChars = 256 * 1024;

    public static IServiceCollection AddGatewayWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(options => WebhookOptions.IsValidKey(options.WebhookKey), "Settlement:Gateway:WebhookKey must be 64 hex characters.")
            .Validate(options => options.WebhookPath.StartsWith('/'), "Settlement:Gateway:WebhookPath must start with '/'.")
            .ValidateOnStart();
        services.AddSingleton<WebhookInbox>();
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayWebhooks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // The path is read unvalidated here (mapping runs before start-up validation); a bad one fails ValidateOnStart.
        var path = endpoints.ServiceProvider.GetRequiredService<IConfiguration>()[$"{WebhookOptions.Section}:{nameof(WebhookOptions.WebhookPath)}"];
        endpoints.MapPost(string.IsNullOrWhiteSpace(path) ? WebhookOptions.DefaultPath : path, (HttpContext context, IOptions<WebhookOptions> options, WebhookInbox inbox, ILoggerFactory loggers) =>
            ReceiveAsync(context, WebhookCipher.IsKey(options.Value.WebhookKey) ? WebhookCipher.FromHexKey(options.Value.WebhookKey) : null, inbox, loggers.CreateLogger(typeof(WebhookEndpoints).FullName!)));
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, WebhookCipher? cipher, WebhookInbox inbox, ILogger logger)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (cipher is null)
        {
            LogNoKey(logger, remote);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.ASCII);
        var buffer = new char[MaxBodyChars + 1];
        var length = await reader.ReadBlockAsync(buffer, context.RequestAborted);
        if (length > MaxBodyChars)
        {
            LogRefused(logger, remote, WebhookRefusalKind.Malformed, "body too large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var decrypted = cipher.Decrypt(
            new string(buffer, 0, length),
            context.Request.Headers[EncryptedWebhook.IvHeader].ToString(),
            context.Request.Headers[EncryptedWebhook.TagHeader].ToString());
        if (!decrypted.TryGetValue(out var plaintext, out var refusal)
            || !WebhookNotification.Parse(plaintext).TryGetValue(out var notification, out refusal))
        {
            // Never the body: an unauthenticated body is attacker-controlled, an authenticated one holds card data.
            LogRefused(logger, remote, refusal.Kind, refusal.Reason);
            return Results.StatusCode(refusal.Kind == WebhookRefusalKind.Unauthentic ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
        }

        if (!notification.IsPayment)
        {
            LogIgnored(logger, notification.Type);
            return Results.Ok();
        }

        try
        {
            await inbox.ReceiveAsync(notification.Payment!, notification.PayloadJson!, context.RequestAborted);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            // Not stored: a non-200 makes the gateway send it again later.
            LogNotStored(logger, notification.Payment!.Id, exception);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Ok();
    }

    [LoggerMessage(EventId = LogEvents.Webhooks.Refused, Level = LogLevel.Warning, Message = "Webhook from {Remote} refused ({Kind}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string remote, WebhookRefusalKind kind, string reason);

    [LoggerMessage(EventId = LogEvents.Webhooks.NoKey, Level = LogLevel.Warning, Message = "Webhook from {Remote} refused: Settlement:Gateway:WebhookKey is not configured")]
    private static partial void LogNoKey(ILogger logger, string remote);

    [LoggerMessage(EventId = LogEvents.Webhooks.Ignored, Level = LogLevel.Debug, Message = "Webhook of type {Type} ignored")]
    private static partial void LogIgnored(ILogger logger, string type);

    [LoggerMessage(EventId = LogEvents.Webhooks.NotStored, Level = LogLevel.Error, Message = "Webhook for {TransactionId} could not be stored; the gateway will send it again")]
    private static partial void LogNotStored(ILogger logger, string? transactionId, Exception exception);
}
