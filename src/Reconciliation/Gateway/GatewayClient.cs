using Settlement.Reconciliation.ResultCodes;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The gateway's server-to-server API (docs/gateway-api.md): initial payments, backoffice operations and the
/// query API, form-encoded with the Bearer token and <c>entityId</c> on every request.
/// </summary>
/// <remarks>
/// A POST is never re-sent here: when its outcome is unknown the caller must query by
/// merchantTransactionId first, or it may move money twice. Queries (GETs) are safe to repeat and are
/// retried by the resilience pipeline registered in <see cref="GatewayServiceCollectionExtensions"/>.
/// The card number is sent and never logged.
/// <para>
/// The gateway's throttling answers (HTTP 429, result code 800.120.100) say the request was not executed: the client
/// waits them out and sends again (<see cref="ThrottledWait"/>), up to <see cref="GatewayOptions.MaxThrottledWait"/>,
/// after which the call ends <see cref="GatewayOutcomeKind.NotSent"/> for the caller's next attempt. Every request waits
/// for the entity's <see cref="GatewayRateLimits"/> first; a POST's timeout starts once it is admitted.
/// </para>
/// </remarks>
public sealed partial class GatewayClient(HttpClient http, IOptions<GatewayOptions> options, TimeProvider time, ILogger<GatewayClient> logger)
{
    private const string ChargebackReasonCodeParameter = "chargebackReasonCode";

    private readonly GatewayOptions _options = options.Value;

    /// <summary>Sends a PA, DB or CD with card data to <c>POST /v1/payments</c>.</summary>
    public async Task<GatewayOutcome> SendInitialPaymentAsync(InitialPaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Type.StartsPayment())
        {
            throw new ArgumentException($"{request.Type.ToCode()} is not an initial payment; send it with {nameof(SendBackofficeAsync)}.", nameof(request));
        }

        if (!GatewayAmount.Format(request.Amount).TryGetValue(out var amount, out var amountProblem))
        {
            LogRefused(logger, request.Type.ToCode(), request.MerchantTransactionId, amountProblem);
            return GatewayOutcome.Refused(amountProblem);
        }

        var card = request.Card;
        var form = Common(request.MerchantTransactionId, request.Type, request.Descriptor, request.CustomParameters);
        form.Add(new("amount", amount));
        form.Add(new("currency", request.Amount.Currency.Code));
        form.Add(new("paymentBrand", card.Brand));
        form.Add(new("card.number", card.Number));
        form.Add(new("card.holder", card.Holder));
        form.Add(new("card.expiryMonth", card.ExpiryMonth.ToString("00", CultureInfo.InvariantCulture)));
        form.Add(new("card.expiryYear", card.ExpiryYear.ToString("0000", CultureInfo.InvariantCulture)));
        form.Add(new("card.cvv", card.Cvv));
        return await PostAsync("v1/payments", form, request.Type, request.MerchantTransactionId, cancellationToken);
    }

    /// <summary>Sends a CP, RV, RF, RB, CB or CR to <c>POST /v1/payments/{referencedId}</c>.</summary>
    public async Task<GatewayOutcome> SendBackofficeAsync(BackofficeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Type.StartsPayment())
        {
            throw new ArgumentException($"{request.Type.ToCode()} starts a payment; send it with {nameof(SendInitialPaymentAsync)}.", nameof(request));
        }

        var parameters = request.CustomParameters;
        if (request.ChargebackReasonCode is { } reason)
        {
            parameters = new Dictionary<string, string>(parameters) { [ChargebackReasonCodeParameter] = reason };
        }

        var form = Common(request.MerchantTransactionId, request.Type, request.Descriptor, parameters);
        if (request.Amount is { } money)
        {
            if (!GatewayAmount.Format(money).TryGetValue(out var amount, out var amountProblem))
            {
                LogRefused(logger, request.Type.ToCode(), request.MerchantTransactionId, amountProblem);
                return GatewayOutcome.Refused(amountProblem);
            }

            form.Add(new("amount", amount));
            form.Add(new("currency", money.Currency.Code));
        }

        return await PostAsync($"v1/payments/{Uri.EscapeDataString(request.ReferencedId)}", form, request.Type, request.MerchantTransactionId, cancellationToken);
    }

    /// <summary>One transaction by its gateway id (<c>GET /v1/query/{id}</c>).</summary>
    public async Task<GatewayOutcome> QueryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var (outcome, body) = await GetAsync($"v1/query/{Uri.EscapeDataString(id)}?entityId={Uri.EscapeDataString(_options.EntityId)}", cancellationToken);
        if (outcome is not null)
        {
            return outcome;
        }

        using (body)
        {
            return GatewayResponse.FromJson(body!.Value.Document.RootElement) is { } response
                ? GatewayOutcome.Processed(response, body.Value.Status)
                : GatewayOutcome.Unknown($"HTTP {body.Value.Status} without a result code", body.Value.Status);
        }
    }

    /// <summary>The whole tree of the payment a transaction belongs to (<c>includeLinkedTransactions=true</c>).</summary>
    public Task<GatewayQueryOutcome> QueryTreeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return QueryListAsync($"v1/query/{Uri.EscapeDataString(id)}?entityId={Uri.EscapeDataString(_options.EntityId)}&includeLinkedTransactions=true", cancellationToken);
    }

    /// <summary>
    /// Every transaction carrying this merchantTransactionId (<c>GET /v1/query?merchantTransactionId=…</c>):
    /// how an operation whose response was lost learns what happened to it.
    /// </summary>
    public Task<GatewayQueryOutcome> QueryByMerchantTransactionIdAsync(string merchantTransactionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantTransactionId);
        return QueryListAsync($"v1/query?entityId={Uri.EscapeDataString(_options.EntityId)}&merchantTransactionId={Uri.EscapeDataString(merchantTransactionId)}", cancellationToken);
    }

    private async Task<GatewayQueryOutcome> QueryListAsync(string path, CancellationToken cancellationToken)
    {
        var (outcome, body) = await GetAsync(path, cancellationToken);
        if (outcome is not null)
        {
            return GatewayQueryOutcome.Failed(outcome.Kind, outcome.Failure ?? outcome.ToString());
        }

        using (body)
        {
            var root = body!.Value.Document.RootElement;
            if (GatewayResponse.FromJson(root) is not { } result)
            {
                return GatewayQueryOutcome.Failed(GatewayOutcomeKind.OutcomeUnknown, $"HTTP {body.Value.Status} without a result code");
            }

            // (ours) the list is in "payments"; some tenants answer "records".
            var transactions = new List<GatewayResponse>();
            if (root.TryGetProperty("payments", out var list) || root.TryGetProperty("records", out list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    transactions.AddRange(list.EnumerateArray().Select(GatewayResponse.FromJson).OfType<GatewayResponse>());
                }
            }
            else if (result.Id is not null)
            {
                transactions.Add(result);
            }

            return GatewayQueryOutcome.Processed(result, transactions);
        }
    }

    private List<KeyValuePair<string, string>> Common(string merchantTransactionId, TransactionType type, string? descriptor, IReadOnlyDictionary<string, string> customParameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantTransactionId);
        var form = new List<KeyValuePair<string, string>>
        {
            new("entityId", _options.EntityId),
            new("paymentType", type.ToCode()),
            new("merchantTransactionId", merchantTransactionId),
        };
        if (descriptor is not null)
        {
            form.Add(new("descriptor", descriptor));
        }

        form.AddRange(customParameters.Select(parameter => new KeyValuePair<string, string>($"customParameters[{parameter.Key}]", parameter.Value)));
        return form;
    }

    private async Task<GatewayOutcome> PostAsync(string path, List<KeyValuePair<string, string>> form, TransactionType type, string merchantTransactionId, CancellationToken cancellationToken)
    {
        var code = type.ToCode();
        var throttling = new ThrottledWait(_options);
        while (true)
        {
            var (outcome, retryAfter) = await PostOnceAsync(path, form, code, merchantTransactionId, cancellationToken);
            if (outcome is not null)
            {
                return outcome;
            }

            if (!throttling.TryNext(retryAfter, out var wait))
            {
                LogThrottledTooLong(logger, code, merchantTransactionId, throttling.Waited);
                return GatewayOutcome.NotSent($"throttled by the gateway for {throttling.Waited.TotalSeconds:0.#} s: not executed, the next attempt sends it again");
            }

            LogThrottled(logger, code, merchantTransactionId, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    // The outcome, or null and the gateway's Retry-After when it throttled the request (not executed: send it again).
    private async Task<(GatewayOutcome? Outcome, TimeSpan? RetryAfter)> PostOnceAsync(string path, List<KeyValuePair<string, string>> form, string code, string merchantTransactionId, CancellationToken cancellationToken)
    {
        LogSending(logger, code, merchantTransactionId, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            message.Headers.Authorization = new("Bearer", _options.AccessToken);
            // The timeout runs from the moment the rate limits let the request go, not while it waits its turn.
            message.Options.Set(GatewayRateLimits.Admitted, () => timeout.CancelAfter(_options.PaymentTimeout));
            using var response = await http.SendAsync(message, timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (Unknown(code, merchantTransactionId, $"HTTP {status}: the request may have executed", status), null);
            }

            var parsed = await ReadAsync(response, timeout.Token);
            using (parsed)
            {
                var answer = parsed is null ? null : GatewayResponse.FromJson(parsed.RootElement);
                if (GatewayThrottling.IsThrottled(response.StatusCode, answer?.ResultCode))
                {
                    return (null, GatewayThrottling.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()));
                }

                if (answer is null)
                {
                    return (Unknown(code, merchantTransactionId, $"HTTP {status} without a result code", status), null);
                }

                LogAnswered(logger, code, merchantTransactionId, answer.ResultCode, answer.Class, answer.Id);
                return (GatewayOutcome.Processed(answer, status), null);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (Unknown(code, merchantTransactionId, $"no answer within {_options.PaymentTimeout.TotalSeconds:0.###} s: the request may have executed", null), null);
        }
        catch (HttpRequestException exception) when (NeverReachedTheGateway(exception))
        {
            LogNotSent(logger, code, merchantTransactionId, exception.Message);
            return (GatewayOutcome.NotSent($"not sent: {exception.Message}"), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or JsonException)
        {
            return (Unknown(code, merchantTransactionId, $"{exception.Message}: the request may have executed", null), null);
        }
    }

    // The outcome, or the parsed body of an answer to read (the caller disposes it). Throttled queries are waited out
    // like POSTs; a query that stays throttled past the limit is a failed query, which the caller retries later.
    private async Task<(GatewayOutcome? Failure, ParsedBody? Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        var throttling = new ThrottledWait(_options);
        while (true)
        {
            var (failure, body, throttled, retryAfter) = await GetOnceAsync(path, cancellationToken);
            if (!throttled)
            {
                return (failure, body);
            }

            if (!throttling.TryNext(retryAfter, out var wait))
            {
                LogThrottledTooLong(logger, "query", path, throttling.Waited);
                return (GatewayOutcome.NotSent($"query throttled by the gateway for {throttling.Waited.TotalSeconds:0.#} s"), null);
            }

            LogThrottled(logger, "query", path, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task<(GatewayOutcome? Failure, ParsedBody? Body, bool Throttled, TimeSpan? RetryAfter)> GetOnceAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, path);
            message.Headers.Authorization = new("Bearer", _options.AccessToken);
            using var response = await http.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (GatewayOutcome.Unknown($"query answered HTTP {status}", status), null, false, null);
            }

            var document = await ReadAsync(response, cancellationToken);
            var resultCode = document is null ? null : GatewayResponse.FromJson(document.RootElement)?.ResultCode;
            if (GatewayThrottling.IsThrottled(response.StatusCode, resultCode))
            {
                document?.Dispose();
                return (null, null, true, GatewayThrottling.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()));
            }

            return document is null
                ? (GatewayOutcome.Unknown($"query answered HTTP {status} without a body", status), null, false, null)
                : (null, new ParsedBody(document, status), false, null);
        }
        catch (HttpRequestException exception) when (NeverReachedTheGateway(exception))
        {
            return (GatewayOutcome.NotSent($"query not sent: {exception.Message}"), null, false, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or JsonException)
        {
            return (GatewayOutcome.Unknown($"query failed: {exception.Message}"), null, false, null);
        }
    }

    private static async Task<JsonDocument?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Refused or unresolvable before a byte of the request left: the gateway cannot have executed it.
    private static bool NeverReachedTheGateway(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.NameResolutionError
        || (exception.HttpRequestError == HttpRequestError.ConnectionError
            && exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable });

    private GatewayOutcome Unknown(string type, string merchantTransactionId, string failure, int? status)
    {
        LogOutcomeUnknown(logger, type, merchantTransactionId, failure);
        return GatewayOutcome.Unknown(failure, status);
    }

    private readonly record struct ParsedBody(JsonDocument Document, int Status) : IDisposable
    {
        public void Dispose() => Document.Dispose();
    }

    [LoggerMessage(EventId = LogEvents.Gateway.Sending, Level = LogLevel.Debug, Message = "Gateway {Type} {MerchantTransactionId}: sending to {Path}")]
    private static partial void LogSending(ILogger logger, string type, string merchantTransactionId, string path);

    [LoggerMessage(EventId = LogEvents.Gateway.Answered, Level = LogLevel.Information, Message = "Gateway {Type} {MerchantTransactionId}: {ResultCode} ({ResultClass}), gateway id {GatewayId}")]
    private static partial void LogAnswered(ILogger logger, string type, string merchantTransactionId, string resultCode, ResultCodeClass resultClass, string? gatewayId);

    [LoggerMessage(EventId = LogEvents.Gateway.OutcomeUnknown, Level = LogLevel.Warning, Message = "Gateway {Type} {MerchantTransactionId}: outcome unknown, query before re-sending: {Failure}")]
    private static partial void LogOutcomeUnknown(ILogger logger, string type, string merchantTransactionId, string failure);

    [LoggerMessage(EventId = LogEvents.Gateway.NotSent, Level = LogLevel.Warning, Message = "Gateway {Type} {MerchantTransactionId}: not sent: {Failure}")]
    private static partial void LogNotSent(ILogger logger, string type, string merchantTransactionId, string failure);

    [LoggerMessage(EventId = LogEvents.Gateway.RefusedBeforeSending, Level = LogLevel.Error, Message = "Gateway {Type} {MerchantTransactionId}: refused before sending: {Problem}")]
    private static partial void LogRefused(ILogger logger, string type, string merchantTransactionId, string problem);

    [LoggerMessage(EventId = LogEvents.Gateway.Throttled, Level = LogLevel.Information, Message = "Gateway {Type} {MerchantTransactionId}: throttled by the gateway, not executed; sending again in {Wait}")]
    private static partial void LogThrottled(ILogger logger, string type, string merchantTransactionId, TimeSpan wait);

    [LoggerMessage(EventId = LogEvents.Gateway.ThrottledTooLong, Level = LogLevel.Warning, Message = "Gateway {Type} {MerchantTransactionId}: still throttled after waiting {Waited}; not executed, left for the next attempt")]
    private static partial void LogThrottledTooLong(ILogger logger, string type, string merchantTransactionId, TimeSpan waited);
}
