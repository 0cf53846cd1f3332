using NodaTime;
using Settlement.Reconciliation.ResultCodes;
using Settlement.Reconciliation;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator;

/// <summary>
/// What the simulator answers to a request, decided from its stored transactions. Backoffice operations
/// are decided by <see cref="BackofficeRules.Apply"/>, the same rules the ledger keeps, so each broken rule
/// gets exactly its <see cref="Rejection.GatewayResultCode"/>.
/// </summary>
public static class SimulatorDecisions
{
    /// <summary>The test card that the issuer declines as invalid (800.100.151).</summary>
    public const string DeclinedTestCard = "4000000000000002";

    /// <summary>The code a request forced with <c>customParameters[forceResultCode]</c>, or the success code.</summary>
    public static SimulatorTransaction InitialPayment(SimulatorTransaction request, string? forcedCode, bool decline, bool testMode, string cardNumber, int expiryDays)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cardNumber);
        var code = forcedCode ?? (decline ? ResultCodes.InsufficientFunds
            : cardNumber == DeclinedTestCard ? ResultCodes.InvalidCard
            : ResultCodes.Success(testMode));
        var succeeded = ResultCodeClassifier.IsSuccessful(code);
        return request with
        {
            PaymentId = request.Id,
            ResultCode = code,
            ResultDescription = ResultCodes.Describe(code),
            Succeeded = succeeded,
            ExpiresAt = succeeded && request.Type == TransactionType.PreAuthorization ? request.ProcessedAt + Duration.FromDays(expiryDays) : null,
        };
    }

    /// <summary>
    /// Decides a backoffice operation on <paramref name="referenced"/> (null when the reference is unknown),
    /// given every stored transaction of its payment.
    /// </summary>
    public static SimulatorTransaction Backoffice(
        SimulatorTransaction request,
        SimulatorTransaction? referenced,
        IReadOnlyList<SimulatorTransaction> tree,
        string? forcedCode,
        bool decline,
        bool testMode,
        Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tree);
        if (referenced is null)
        {
            return Answer(request, ResultCodes.ReferenceNotFound);
        }

        request = request with { PaymentId = referenced.PaymentId };

        // An operation must act for the entity of the payment it references.
        if (referenced.EntityId != request.EntityId)
        {
            return Answer(request, ResultCodes.EntityDiffers);
        }

        if (forcedCode is not null && !ResultCodeClassifier.IsSuccessful(forcedCode))
        {
            return Answer(request, forcedCode);
        }

        if (decline)
        {
            return Answer(request, ResultCodes.InsufficientFunds);
        }

        // A declined leg is not part of the ledger's payment; the gateway says "rejected", not "unknown".
        if (!referenced.Succeeded || referenced.Amount is null)
        {
            return Answer(request, ResultCodes.ReferenceRejected);
        }

        var root = tree.FirstOrDefault(transaction => transaction.Id == referenced.PaymentId);
        if (root is null)
        {
            return Answer(request, ResultCodes.ReferenceRejected);
        }

        var payment = new Payment(
            root.ToLedger(),
            new PaymentDetails { ExpiresAt = root.ExpiresAt },
            tree.Where(transaction => transaction.Id != root.Id && transaction.Succeeded && transaction.Amount is not null).Select(transaction => transaction.ToLedger()));
        var success = forcedCode ?? ResultCodes.Success(testMode);
        var operation = new OperationRequest(request.Id, request.Type, referenced.Id, request.Amount, now, success, request.MerchantTransactionId);
        var decision = BackofficeRules.Apply(payment, operation, now);
        if (!decision.TryGetValue(out var applied, out var rejection))
        {
            return request with
            {
                ResultCode = rejection.GatewayResultCode,
                ResultDescription = ResultCodes.Describe(rejection),
                Succeeded = false,
            };
        }

        return request with
        {
            Amount = applied.Transaction.Amount,
            ResultCode = success,
            ResultDescription = ResultCodes.Describe(success),
            Succeeded = true,
        };
    }

    private static SimulatorTransaction Answer(SimulatorTransaction request, string code) => request with
    {
        ResultCode = code,
        ResultDescription = ResultCodes.Describe(code),
        Succeeded = ResultCodeClassifier.IsSuccessful(code),
    };

    /// <summary>Amount formatting on the wire: exponent 2 with two decimals, exponent 0 with none.</summary>
    public static string? FormatAmount(Money? amount) => amount?.FormatAmount();

    /// <summary>Parses an amount that already matched the gateway's pattern in a known currency.</summary>
    public static Result<Money, MoneyError> ParseAmount(string text, Currency currency) => Money.Parse(text, currency, AmountSign.Positive);
}
