using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Settlement.GatewaySimulator.Webhooks;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator;

/// <summary>The gateway's endpoints (docs/gateway-api.md), with per-request and configured fault injection on POSTs.</summary>
public static partial class GatewayApi
{
    private const string FaultParameter = "customParameters[simulatorFault]";
    private const string ForceParameter = "customParameters[forceResultCode]";
    private const string ChargebackReasonParameter = "customParameters[chargebackReasonCode]";

    private static readonly InstantPattern TimestampPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.fff'+0000'");
    private static readonly string BuildNumber = $"simulator-{typeof(GatewayApi).Assembly.GetName().Version}";

    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(string.Empty).AddEndpointFilter(ThrottleAsync);
        api.MapPost("/v1/payments", InitialPaymentAsync);
        api.MapPost("/v1/payments/{referencedId}", BackofficeAsync);
        api.MapGet("/v1/query/{id}", QueryByIdAsync);
        api.MapGet("/v1/query", QueryByMerchantTransactionIdAsync);
        return endpoints;
    }

    // Every request is logged; one over the entity's rate is refused before anything executes (Simulator:Throttle).
    private static async ValueTask<object?> ThrottleAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var request = context.Request;
        var services = context.RequestServices;
        var throttle = services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Throttle;
        string? entityId;
        string? merchantTransactionId;
        if (HttpMethods.IsPost(request.Method))
        {
            // Read once here; the endpoint reads the same buffered form.
            var form = await ReadFormAsync(request, context.RequestAborted);
            (entityId, merchantTransactionId) = (form.Field("entityId"), form.Field("merchantTransactionId"));
        }
        else
        {
            (entityId, merchantTransactionId) = (request.Query["entityId"].ToString(), request.Query["merchantTransactionId"].ToString());
        }

        var log = services.GetRequiredService<SimulatorRequestLog>();
        var inFlight = log.Enter(entityId);
        try
        {
            if (log.Admit(request.Method, request.Path, entityId, string.IsNullOrEmpty(merchantTransactionId) ? null : merchantTransactionId, inFlight, throttle.RequestsPerSecond))
            {
                return await next(invocation);
            }
        }
        finally
        {
            log.Leave(entityId);
        }

        if (throttle.RetryAfterSeconds > 0)
        {
            context.Response.Headers.RetryAfter = throttle.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var answer = Result(ResultCodes.Throttled, entityId, services.GetRequiredService<IClock>().GetCurrentInstant());
        return throttle.Answer == SimulatorThrottleAnswer.Http429
            ? Results.Json(answer, statusCode: StatusCodes.Status429TooManyRequests)
            : Results.Json(answer);
    }

    private static async Task<IResult> InitialPaymentAsync(HttpContext context, SimulatorStore store, FaultInjector faults, WebhookSender webhooks, IOptions<SimulatorOptions> options, IClock clock)
    {
        var cancel = context.RequestAborted;
        var form = await ReadFormAsync(context.Request, cancel);
        if (Authenticate(context, form.Field("entityId"), options.Value) is { } refused)
        {
            return refused;
        }

        var errors = new List<JsonObject>();
        var entityId = form.Field("entityId")!;
        var type = PaymentType(form, errors, startsPayment: true);
        var amount = Amount(form, errors, required: true);
        var brand = Required(form, "paymentBrand", errors, "^[A-Z_]{2,32}$");
        var number = Required(form, "card.number", errors, "^[0-9]{12,19}$", mask: true);
        if (number is not null && !PassesLuhn(number))
        {
            errors.Add(ParameterError("card.number", Mask(number), "invalid card number (Luhn check)"));
        }

        var holder = form.Field("card.holder");
        var month = Required(form, "card.expiryMonth", errors, "^(0[1-9]|1[0-2])$");
        var year = Required(form, "card.expiryYear", errors, "^[0-9]{4}$");
        Required(form, "card.cvv", errors, "^[0-9]{3,4}$", mask: true);
        var (fault, forced) = FaultAndForcedCode(form, errors, faults);
        if (errors.Count > 0)
        {
            return Invalid(entityId, errors, clock);
        }

        if (await BeforeExecutingAsync(context, fault, faults.TimeoutHold, entityId, clock) is { } faulted)
        {
            return faulted;
        }

        var request = new SimulatorTransaction
        {
            Id = NewId(),
            EntityId = entityId,
            Type = type!.Value,
            Amount = amount,
            ResultCode = string.Empty,
            ResultDescription = string.Empty,
            MerchantTransactionId = form.Field("merchantTransactionId"),
            Descriptor = form.Field("descriptor"),
            PaymentBrand = brand,
            CardBin = number![..6],
            CardLast4 = number[^4..],
            CardHolder = holder,
            CardExpiryMonth = month,
            CardExpiryYear = year,
            ProcessedAt = clock.GetCurrentInstant(),
        };
        var decided = SimulatorDecisions.InitialPayment(request, forced, fault.Kind == SimulatorFaultKind.Decline, options.Value.TestMode, number, options.Value.PreAuthorizationExpiryDays);
        await store.InsertAsync(decided, CancellationToken.None);
        webhooks.Enqueue(decided);
        return await AfterExecutingAsync(context, fault, faults.TimeoutHold, decided);
    }

    private static async Task<IResult> BackofficeAsync(string referencedId, HttpContext context, SimulatorStore store, FaultInjector faults, WebhookSender webhooks, IOptions<SimulatorOptions> options, IClock clock)
    {
        var cancel = context.RequestAborted;
        var form = await ReadFormAsync(context.Request, cancel);
        if (Authenticate(context, form.Field("entityId"), options.Value) is { } refused)
        {
            return refused;
        }

        var errors = new List<JsonObject>();
        var entityId = form.Field("entityId")!;
        var type = PaymentType(form, errors, startsPayment: false);
        var amount = Amount(form, errors, required: type is not null and not TransactionType.Reversal);
        var (fault, forced) = FaultAndForcedCode(form, errors, faults);
        if (errors.Count > 0)
        {
            return Invalid(entityId, errors, clock);
        }

        if (await BeforeExecutingAsync(context, fault, faults.TimeoutHold, entityId, clock) is { } faulted)
        {
            return faulted;
        }

        var now = clock.GetCurrentInstant();
        var request = new SimulatorTransaction
        {
            Id = NewId(),
            EntityId = entityId,
            Type = type!.Value,
            ReferencedId = referencedId,
            Amount = amount,
            ResultCode = string.Empty,
            ResultDescription = string.Empty,
            MerchantTransactionId = form.Field("merchantTransactionId"),
            Descriptor = form.Field("descriptor"),
            ChargebackReasonCode = form.Field(ChargebackReasonParameter),
            ProcessedAt = now,
        };
        var decline = fault.Kind == SimulatorFaultKind.Decline;
        var decided = await store.RecordOperationAsync(
            referencedId,
            (referenced, tree) => SimulatorDecisions.Backoffice(request, referenced, tree, forced, decline, options.Value.TestMode, now),
            CancellationToken.None);
        webhooks.Enqueue(decided);
        return await AfterExecutingAsync(context, fault, faults.TimeoutHold, decided);
    }

    private static async Task<IResult> QueryByIdAsync(string id, HttpContext context, SimulatorStore store, IOptions<SimulatorOptions> options, IClock clock)
    {
        var entityId = context.Request.Query["entityId"].ToString();
        if (Authenticate(context, entityId, options.Value) is { } refused)
        {
            return refused;
        }

        var linked = string.Equals(context.Request.Query["includeLinkedTransactions"], "true", StringComparison.OrdinalIgnoreCase);
        var found = linked ? await store.FindTreeAsync(id, context.RequestAborted) : [.. await store.FindAsync(id, context.RequestAborted) is { } one ? [one] : Array.Empty<SimulatorTransaction>()];
        found = [.. found.Where(transaction => transaction.EntityId == entityId)];
        if (found.Count == 0)
        {
            return Results.Json(Envelope(ResultCodes.TransactionNotFound, entityId, clock.GetCurrentInstant(), []));
        }

        return linked
            ? Results.Json(Envelope(ResultCodes.QuerySuccess, entityId, clock.GetCurrentInstant(), found))
            : Results.Json(Render(found[0]));
    }

    private static async Task<IResult> QueryByMerchantTransactionIdAsync(HttpContext context, SimulatorStore store, IOptions<SimulatorOptions> options, IClock clock)
    {
        var entityId = context.Request.Query["entityId"].ToString();
        if (Authenticate(context, entityId, options.Value) is { } refused)
        {
            return refused;
        }

        var merchantTransactionId = context.Request.Query["merchantTransactionId"].ToString();
        if (string.IsNullOrWhiteSpace(merchantTransactionId))
        {
            return Invalid(entityId, [ParameterError("merchantTransactionId", null, "required")], clock);
        }

        var found = await store.FindByMerchantTransactionIdAsync(entityId, merchantTransactionId, context.RequestAborted);
        var code = found.Count == 0 ? ResultCodes.TransactionNotFound : ResultCodes.QuerySuccess;
        return Results.Json(Envelope(code, entityId, clock.GetCurrentInstant(), found));
    }

    // Faults that act before (or instead of) executing the request. Null: go on and execute.
    private static async Task<IResult?> BeforeExecutingAsync(HttpContext context, SimulatorFault fault, TimeSpan hold, string entityId, IClock clock)
    {
        switch (fault.Kind)
        {
            case SimulatorFaultKind.Latency:
                await Task.Delay(fault.Delay, context.RequestAborted);
                return null;
            case SimulatorFaultKind.Http500:
                return Results.Json(Result(ResultCodes.TimeoutUncertain, entityId, clock.GetCurrentInstant()), statusCode: StatusCodes.Status500InternalServerError);
            case SimulatorFaultKind.Reset:
                context.Abort();
                return Results.Empty;
            case SimulatorFaultKind.Timeout:
                // Not executed: the client gives up first; if it waits, it learns the result is uncertain.
                await HoldAsync(hold, context.RequestAborted);
                return Results.Json(Result(ResultCodes.TimeoutUncertain, entityId, clock.GetCurrentInstant()));
            default:
                return null;
        }
    }

    // Faults that act after the request executed and was stored.
    private static async Task<IResult> AfterExecutingAsync(HttpContext context, SimulatorFault fault, TimeSpan hold, SimulatorTransaction decided)
    {
        switch (fault.Kind)
        {
            case SimulatorFaultKind.ResponseLost:
                context.Abort();
                return Results.Empty;
            case SimulatorFaultKind.TimeoutExecuted:
                await HoldAsync(hold, context.RequestAborted);
                break;
        }

        return Results.Json(Render(decided));
    }

    private static async Task HoldAsync(TimeSpan hold, CancellationToken requestAborted)
    {
        try
        {
            await Task.Delay(hold, requestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as intended.
        }
    }

    private static IResult? Authenticate(HttpContext context, string? entityId, SimulatorOptions options)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var expected = "Bearer " + options.AccessToken;
        if (string.IsNullOrEmpty(options.AccessToken)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header), System.Text.Encoding.UTF8.GetBytes(expected)))
        {
            return Results.Json(Result(ResultCodes.InvalidAuthentication, entityId, Instant.FromUnixTimeTicks(0), includeTimestamp: false), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!GatewayOptions.IsEntityId(entityId))
        {
            var result = Result(ResultCodes.InvalidParameter, null, Instant.FromUnixTimeTicks(0), includeTimestamp: false);
            result["result"]!["parameterErrors"] = new JsonArray(ParameterError("entityId", entityId, "must be 32 lowercase hex characters"));
            return Results.Json(result, statusCode: StatusCodes.Status400BadRequest);
        }

        // (ours) a well-formed entity the token may not act for is a configuration error.
        return options.EntityIds.Contains(entityId!, StringComparer.Ordinal)
            ? null
            : Results.Json(Result(ResultCodes.EntityNotConfigured, entityId, Instant.FromUnixTimeTicks(0), includeTimestamp: false), statusCode: StatusCodes.Status401Unauthorized);
    }

    private static (SimulatorFault Fault, string? Forced) FaultAndForcedCode(IFormCollection form, List<JsonObject> errors, FaultInjector faults)
    {
        var forced = form.Field(ForceParameter);
        if (forced is not null && !ResultCode().IsMatch(forced))
        {
            errors.Add(ParameterError(ForceParameter, forced, "must be a result code like 800.100.151"));
            forced = null;
        }

        var requested = form.Field(FaultParameter);
        if (requested is null)
        {
            var drawn = faults.Draw();
            SimulatorFaultMeter.Record(drawn);
            return (drawn, forced);
        }

        if (SimulatorFault.Parse(requested) is { } fault)
        {
            SimulatorFaultMeter.Record(fault);
            return (fault, forced);
        }

        errors.Add(ParameterError(FaultParameter, requested, "unknown fault; use latency:<ms>, timeout, timeout-executed, http500, reset, decline or response-lost"));
        return (SimulatorFault.None, forced);
    }

    private static TransactionType? PaymentType(IFormCollection form, List<JsonObject> errors, bool startsPayment)
    {
        var text = form.Field("paymentType");
        if (TransactionTypeCode.TryParse(text, out var type) && type.Value.StartsPayment() == startsPayment && text!.Length == 2)
        {
            return type;
        }

        errors.Add(ParameterError("paymentType", text, startsPayment ? "must be PA, DB or CD" : "must be CP, RV, RF, RB, CB or CR"));
        return null;
    }

    private static Money? Amount(IFormCollection form, List<JsonObject> errors, bool required)
    {
        var text = form.Field("amount");
        var currencyCode = form.Field("currency");
        if (text is null && currencyCode is null && !required)
        {
            return null;
        }

        if (text is null || !AmountPattern().IsMatch(text))
        {
            errors.Add(ParameterError("amount", text, "must match ^[0-9]{1,12}(\\.[0-9]{2})?$"));
            return null;
        }

        if (!Currency.TryFind(currencyCode, out var currency))
        {
            errors.Add(ParameterError("currency", currencyCode, "must be an ISO 4217 alpha-3 code"));
            return null;
        }

        if (!SimulatorDecisions.ParseAmount(text, currency).TryGetValue(out var amount, out var problem))
        {
            errors.Add(ParameterError("amount", text, problem.Message));
            return null;
        }

        return amount;
    }

    private static string? Required(IFormCollection form, string name, List<JsonObject> errors, string pattern, bool mask = false)
    {
        var value = form.Field(name);
        if (value is not null && Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return value;
        }

        errors.Add(ParameterError(name, mask ? Mask(value) : value, $"must match {pattern}"));
        return null;
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;

    private static string? Field(this IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static IResult Invalid(string? entityId, IEnumerable<JsonObject> errors, IClock clock)
    {
        var result = Result(ResultCodes.InvalidParameter, entityId, clock.GetCurrentInstant());
        result["result"]!["parameterErrors"] = new JsonArray([.. errors]);
        return Results.Json(result, statusCode: StatusCodes.Status400BadRequest);
    }

    private static JsonObject Envelope(string code, string entityId, Instant now, IReadOnlyList<SimulatorTransaction> transactions)
    {
        var envelope = Result(code, entityId, now);
        envelope["payments"] = new JsonArray([.. transactions.Select(Render)]);
        return envelope;
    }

    private static JsonObject Result(string code, string? entityId, Instant now, bool includeTimestamp = true)
    {
        var result = new JsonObject
        {
            ["result"] = new JsonObject { ["code"] = code, ["description"] = ResultCodes.Describe(code) },
            ["buildNumber"] = BuildNumber,
            ["ndc"] = Ndc(entityId),
        };
        if (includeTimestamp)
        {
            result["timestamp"] = TimestampPattern.Format(now);
        }

        return result;
    }

    internal static JsonObject Render(SimulatorTransaction transaction)
    {
        var json = new JsonObject
        {
            ["id"] = transaction.Id,
            ["paymentType"] = transaction.Type.ToCode(),
        };
        Add(json, "paymentBrand", transaction.PaymentBrand);
        Add(json, "amount", transaction.Amount?.FormatAmount());
        Add(json, "currency", transaction.Amount?.Currency.Code);
        Add(json, "descriptor", transaction.Descriptor);
        Add(json, "merchantTransactionId", transaction.MerchantTransactionId);
        Add(json, "referencedId", transaction.ReferencedId);
        json["result"] = new JsonObject { ["code"] = transaction.ResultCode, ["description"] = transaction.ResultDescription };
        json["resultDetails"] = new JsonObject
        {
            ["ConnectorTxID1"] = transaction.Id[..16],
            ["AcquirerResponse"] = transaction.Succeeded ? "00" : "05",
        };
        if (transaction.CardBin is not null)
        {
            json["card"] = new JsonObject
            {
                ["bin"] = transaction.CardBin,
                ["last4Digits"] = transaction.CardLast4,
                ["holder"] = transaction.CardHolder,
                ["expiryMonth"] = transaction.CardExpiryMonth,
                ["expiryYear"] = transaction.CardExpiryYear,
            };
            json["risk"] = new JsonObject { ["score"] = "0" };
        }

        if (transaction.ChargebackReasonCode is not null)
        {
            json["customParameters"] = new JsonObject { ["chargebackReasonCode"] = transaction.ChargebackReasonCode };
        }

        json["buildNumber"] = BuildNumber;
        json["timestamp"] = TimestampPattern.Format(transaction.ProcessedAt);
        json["ndc"] = Ndc(transaction.EntityId);
        return json;
    }

    private static void Add(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static JsonObject ParameterError(string name, string? value, string message) =>
        new() { ["name"] = name, ["value"] = value, ["message"] = message };

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Ndc(string? entityId) => $"{entityId ?? "unknown"}_{NewId()}";

    private static string? Mask(string? value) =>
        value is null ? null : value.Length >= 10 ? $"{value[..6]}{new string('*', value.Length - 10)}{value[^4..]}" : new string('*', value.Length);

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var digit = digits[i] - '0';
            if (doubleIt)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"^[0-9]{1,12}(\.[0-9]{2})?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^[0-9]{3}\.[0-9]{3}\.[0-9]{3}$")]
    private static partial Regex ResultCode();
}
