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
/// </remarks>
public sealed partial class GatewayClient(HttpClient http, IOptions<GatewayOptions> options, ILogger<GatewayClient> logger)
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
        LogSending(logger, code, merchantTransactionId, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PaymentTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            message.Headers.Authorization = new("Bearer", _options.AccessToken);
            using var response = await http.SendAsync(message, timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return Unknown(code, merchantTransactionId, $"HTTP {status}: the request may have executed", status);
            }

            var parsed = await ReadAsync(response, timeout.Token);
            using (parsed)
            {
                if (parsed is null || GatewayResponse.FromJson(parsed.RootElement) is not { } answer)
                {
                    return Unknown(code, merchantTransactionId, $"HTTP {status} without a result code", status);
                }

                LogAnswered(logger, code, merchantTransactionId, answer.ResultCode, answer.Class, answer.Id);
                return GatewayOutcome.Processed(answer, status);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Unknown(code, merchantTransactionId, $"no answer within {_options.PaymentTimeout.TotalSeconds:0.###} s: the request may have executed", null);
        }
        catch (HttpRequestException exception) when (NeverReachedTheGateway(exception))
        {
            LogNotSent(logger, code, merchantTransactionId, exception.Message);
            return GatewayOutcome.NotSent($"not sent: {exception.Message}");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or JsonException)
        {
            return Unknown(code, merchantTransactionId, $"{exception.Message}: the request may have executed", null);
        }
    }

    // The outcome, or the parsed body of an answer to read (the caller disposes it).
    private async Task<(GatewayOutcome? Failure, ParsedBody? Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, path);
            message.Headers.Authorization = new("Bearer", _options.AccessToken);
            using var response = await http.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (GatewayOutcome.Unknown($"query answered HTTP {status}", status), null);
            }

            var document = await ReadAsync(response, cancellationToken);
            return document is null
                ? (GatewayOutcome.Unknown($"query answered HTTP {status} without a body", status), null)
                : (null, new ParsedBody(document, status));
        }
        catch (HttpRequestException exception) when (NeverReachedTheGateway(exception))
        {
            return (GatewayOutcome.NotSent($"query not sent: {exception.Message}"), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or JsonException)
        {
            return (GatewayOutcome.Unknown($"query failed: {exception.Message}"), null);
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
}
