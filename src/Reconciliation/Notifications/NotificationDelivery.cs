using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Settlement.Reconciliation.Notifications;

/// <summary>
/// Posts one notification to the webhook, signed (<see cref="WebhookSignature"/>), and records the attempt. The row
/// is locked for the attempt and marked delivered in the same transaction as the 2xx answer is recorded, so a
/// notification is sent again only when the process dies between the receiver's answer and that commit: receivers
/// tell such a repeat by its id (docs/notifications.md).
/// </summary>
public sealed partial class NotificationDelivery(HttpClient http, NotificationStore store, NotificationWebhook webhook, IClock clock, ILogger<NotificationDelivery> logger)
{
    public const string IdHeader = "Settlement-Notification-Id";
    public const string KindHeader = "Settlement-Notification-Kind";

    public async Task<DeliveryResult> DeliverAsync(long notificationId, CancellationToken cancellationToken)
    {
        await using var attempt = await store.LockAsync(notificationId, cancellationToken);
        if (attempt is null)
        {
            return new DeliveryResult(DeliveryOutcome.Missing);
        }

        var notification = attempt.Notification;
        if (notification.DeliveredAt is not null)
        {
            return new DeliveryResult(DeliveryOutcome.AlreadyDelivered);
        }

        var error = await PostAsync(notification, cancellationToken);
        await attempt.RecordAsync(clock.GetCurrentInstant(), error, cancellationToken);
        if (error is null)
        {
            LogDelivered(logger, notification.Id, notification.Kind, notification.Attempts + 1);
            return new DeliveryResult(DeliveryOutcome.Delivered);
        }

        LogNotDelivered(logger, notification.Id, notification.Kind, notification.Attempts + 1, error);
        return new DeliveryResult(DeliveryOutcome.NotDelivered, error);
    }

    private async Task<string?> PostAsync(StoredNotification notification, CancellationToken cancellationToken)
    {
        var body = notification.Body();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdHeader, notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(KindHeader, notification.Kind);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, clock.GetCurrentInstant(), body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhook.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {webhook.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException exception)
        {
            return $"not sent: {exception.Message}";
        }
    }

    [LoggerMessage(EventId = LogEvents.Notifications.Delivered, Level = LogLevel.Information, Message = "Notification {NotificationId} ({Kind}) delivered at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, long notificationId, string kind, int attempt);

    [LoggerMessage(EventId = LogEvents.Notifications.NotDelivered, Level = LogLevel.Warning, Message = "Notification {NotificationId} ({Kind}) not delivered at attempt {Attempt}: {Error}")]
    private static partial void LogNotDelivered(ILogger logger, long notificationId, string kind, int attempt, string error);
}
