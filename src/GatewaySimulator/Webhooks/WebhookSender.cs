using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Webhooks;

namespace Settlement.GatewaySimulator.Webhooks;

/// <summary>
/// Sends a PAYMENT notification for every transaction the simulator processed, encrypted as the gateway
/// does (<see cref="WebhookCipher"/>), from a background queue so the API answer never waits for it. A
/// delivery that gets no 2xx is tried again with growing delays, up to
/// <see cref="SimulatorWebhookOptions.MaxAttempts"/> tries; then it is dropped and counted.
/// </summary>
public sealed partial class WebhookSender(IOptions<SimulatorOptions> options, ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Delivery> _held = [];
    private long _delivered;
    private long _dropped;

    private SimulatorWebhookOptions Options => options.Value.Webhooks;

    /// <summary>Notifications that reached the merchant (each copy counts).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Notifications given up after the last try.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the notification of a processed transaction; does nothing when no URL is configured.</summary>
    public void Enqueue(SimulatorTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (Options.Url is null)
        {
            return;
        }

        var notification = new JsonObject { ["type"] = "PAYMENT", ["payload"] = GatewayApi.Render(transaction) };
        _queue.Writer.TryWrite(new Delivery(transaction.Id, Encoding.UTF8.GetBytes(notification.ToJsonString()), Attempt: 1));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Options.Url is not { } url)
        {
            return;
        }

        var cipher = WebhookCipher.FromHexKey(Options.Key);
        using var http = new HttpClient { Timeout = Options.Timeout };
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (delivery.Attempt > 1 || Options.ReverseBatch <= 1)
                {
                    await DeliverAsync(http, cipher, url, [delivery], stoppingToken);
                    continue;
                }

                _held.Add(delivery);
                if (_held.Count >= Options.ReverseBatch)
                {
                    var batch = Enumerable.Reverse(_held).ToList();
                    _held.Clear();
                    await DeliverAsync(http, cipher, url, batch, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is lost, as it would be if the gateway restarted.
        }
    }

    // Each copy round sends the whole batch, so copies of several notifications interleave.
    private async Task DeliverAsync(HttpClient http, WebhookCipher cipher, Uri url, IReadOnlyList<Delivery> batch, CancellationToken stoppingToken)
    {
        var delivered = new bool[batch.Count];
        for (var copy = 0; copy < Options.Copies; copy++)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                delivered[i] |= await PostAsync(http, cipher, url, batch[i], stoppingToken);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (!delivered[i])
            {
                Retry(batch[i], stoppingToken);
            }
        }
    }

    private async Task<bool> PostAsync(HttpClient http, WebhookCipher cipher, Uri url, Delivery delivery, CancellationToken stoppingToken)
    {
        var encrypted = cipher.Encrypt(delivery.Plaintext);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(encrypted.BodyHex, Encoding.ASCII, "text/plain") };
        request.Headers.Add(EncryptedWebhook.IvHeader, encrypted.IvHex);
        request.Headers.Add(EncryptedWebhook.TagHeader, encrypted.TagHex);
        try
        {
            using var response = await http.SendAsync(request, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _delivered);
                return true;
            }

            LogRefused(logger, delivery.TransactionId, delivery.Attempt, (int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, delivery.TransactionId, delivery.Attempt, exception);
        }

        return false;
    }

    private void Retry(Delivery delivery, CancellationToken stoppingToken)
    {
        if (delivery.Attempt >= Options.MaxAttempts)
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(logger, delivery.TransactionId, delivery.Attempt);
            return;
        }

        var delay = Options.FirstRetryDelay * Math.Pow(4, delivery.Attempt - 1);
        delay = delay > Options.MaxRetryDelay ? Options.MaxRetryDelay : delay;
        _ = RequeueAfterAsync(delivery with { Attempt = delivery.Attempt + 1 }, delay, stoppingToken);
    }

    private async Task RequeueAfterAsync(Delivery delivery, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            _queue.Writer.TryWrite(delivery);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = LogEvents.GatewaySimulator.WebhookNotDelivered, Level = LogLevel.Information, Message = "Webhook for {TransactionId} not delivered (try {Attempt})")]
    private static partial void LogFailed(ILogger logger, string transactionId, int attempt, Exception exception);

    [LoggerMessage(EventId = LogEvents.GatewaySimulator.WebhookAnswered, Level = LogLevel.Information, Message = "Webhook for {TransactionId} answered HTTP {Status} (try {Attempt})")]
    private static partial void LogRefused(ILogger logger, string transactionId, int attempt, int status);

    [LoggerMessage(EventId = LogEvents.GatewaySimulator.WebhookDropped, Level = LogLevel.Warning, Message = "Webhook for {TransactionId} dropped after {Attempts} tries")]
    private static partial void LogDropped(ILogger logger, string transactionId, int attempts);

    private sealed record Delivery(string TransactionId, byte[] Plaintext, int Attempt);
}
