using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// Decides whether an <see cref="OperationOrder"/> may become an operation, before any row or job exists:
/// the same <see cref="BackofficeRules"/> that will record its leg judge it against the payment as the ledger
/// knows it, with the operations already in flight on that payment counted as if they had succeeded (two
/// refunds asked for at once cannot together exceed the refundable amount).
/// </summary>
public static class OperationPlanner
{
    // The rules only record successful operations; a planned one is judged as if it will succeed.
    private const string AssumedSuccess = "000.000.000";

    /// <param name="order">What is asked.</param>
    /// <param name="payment">The payment <see cref="OperationOrder.ReferencedId"/> belongs to; null when unknown (or for a payout).</param>
    /// <param name="inFlight">Operations on the same payment not finished yet.</param>
    /// <param name="operationId">The id the new operation will have.</param>
    /// <param name="now">The clock's now.</param>
    public static Result<Operation, Rejection> Plan(OperationOrder order, Payment? payment, IEnumerable<Operation> inFlight, string operationId, Instant now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(inFlight);
        if (!OperationKinds.All.Contains(order.Kind))
        {
            return new Rejection(LedgerRule.OperationNeedsReference, $"{order.Kind.ToCode()} is not an operation the worker sends");
        }

        if (order.Kind == TransactionType.Credit)
        {
            return PlanPayout(order, operationId, now);
        }

        if (payment is null || order.ReferencedId is null)
        {
            return new Rejection(LedgerRule.ReferenceNotFound, $"{order.ReferencedId ?? "(no id)"} is not a known transaction");
        }

        // Operations still in flight count as done: what they will take is not available to this one.
        var projected = payment;
        foreach (var pending in inFlight.Where(operation => operation.IsInFlight && operation.Id != operationId))
        {
            var assumed = BackofficeRules.Apply(projected, Request(pending.Id, pending.Kind, pending.ReferencedId!, pending.Amount, now), now);
            if (assumed.TryGetValue(out var applied, out _))
            {
                projected = projected.With(applied.Transaction);
            }
        }

        var amount = order.Amount ?? NaturalAmount(order.Kind, projected, order.ReferencedId);
        var decision = BackofficeRules.Apply(projected, Request(operationId, order.Kind, order.ReferencedId, amount, now), now);
        if (!decision.TryGetValue(out _, out var rejection))
        {
            return rejection;
        }

        return new Operation
        {
            Id = operationId,
            Kind = order.Kind,
            ReferencedId = order.ReferencedId,
            Currency = amount?.Currency ?? projected.Currency,
            Amount = order.Kind == TransactionType.Reversal ? null : amount,
            ReasonCode = order.ReasonCode,
            RequestedBy = order.RequestedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static Result<Operation, Rejection> PlanPayout(OperationOrder order, string operationId, Instant now)
    {
        if (order.Amount is not { IsPositive: true } amount)
        {
            return new Rejection(LedgerRule.AmountNotPositive, "a payout needs a positive amount and currency");
        }

        return new Operation
        {
            Id = operationId,
            Kind = TransactionType.Credit,
            Currency = amount.Currency,
            Amount = amount,
            RequestedBy = order.RequestedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    // A reversal has no amount; a rebill's must be given. The others default to what the rule allows at most.
    private static Money? NaturalAmount(TransactionType kind, Payment payment, string referencedId)
    {
        var target = payment.Find(referencedId);
        return (kind, target) switch
        {
            (TransactionType.Capture, _) => payment.OpenAmount,
            (TransactionType.Refund, { } leg) => payment.RefundableOn(leg),
            (TransactionType.Chargeback, { } leg) => leg.Amount,
            (TransactionType.ChargebackReversal, { } chargeback) => chargeback.Amount,
            _ => null,
        };
    }

    private static OperationRequest Request(string id, TransactionType kind, string referencedId, Money? amount, Instant now) =>
        new(id, kind, referencedId, amount, now, AssumedSuccess, id);
}
