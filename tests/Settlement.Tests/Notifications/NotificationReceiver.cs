using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodaTime;
using Settlement.Reconciliation.Notifications;

namespace Settlement.Tests.Notifications;

/// <summary>
/// A webhook receiver on a loopback port, as a merchant's system would run it: it answers 500 to the first
/// <c>failFirst</c> requests (a receiver coming back up), then accepts, checking every signature.
/// </summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private NotificationReceiver(WebApplication app) => _app = app;

    /// <summary>Every request answered 2xx: the notification id of its header, of its body, and whether its signature verified.</summary>
    public ConcurrentQueue<(long HeaderId, long BodyId, bool SignatureValid)> Accepted { get; } = new();

    public int Requests => _requests;

    public static async Task<NotificationReceiver> StartAsync(int port, string secret, int failFirst, IClock clock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.MapPost("/notifications", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (Interlocked.Increment(ref receiver._requests) <= failFirst)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            var valid = WebhookSignature.Verify(secret, request.Headers[WebhookSignature.Header], body, clock.GetCurrentInstant(), Duration.FromMinutes(5));
            using var json = System.Text.Json.JsonDocument.Parse(body);
            receiver.Accepted.Enqueue((
                long.Parse(request.Headers[NotificationDelivery.IdHeader].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                json.RootElement.GetProperty("id").GetInt64(),
                valid));
            return Results.NoContent();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
