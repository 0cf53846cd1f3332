using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>
/// Closes an estimated authorization (hotel stay, taxi ride) at its final amount (docs/final-amounts.md; docs/formats.md
/// "final-amounts"): the steps that take what the cardholder is charged — captured, plus rebilled, less
/// refunded — to exactly the final amount, and release what stays reserved.
/// </summary>
/// <remarks>
/// <para>On a PA: a final amount that fits in the open amount is captured and the rest reversed; one above what
/// can still be captured captures all that is open and rebills the difference; one below what was already
/// captured refunds the excess (newest captured leg first) and reverses the rest. On a DB: rebill the
/// difference or refund the excess. Equal: only what stays reserved is released.</para>
/// <para>A rebill above the <see cref="RebillCap"/> waits for a person's approval, and so does any rebill on a
/// payment not authorized as an estimate (<c>final</c>, <c>pre</c>): the cardholder was never told the amount
/// could grow. Such a payment is still closed at its final amount otherwise — the merchant's own final
/// amount says what is owed — and the explanation says how it was authorized.</para>
/// <para>The decision is convergent: it only asks for what is missing, so deciding again after a crash between
/// requesting and recording never moves money twice. It waits while operations on the payment are in flight,
/// because what they will move is not known yet; a rebill awaiting approval counts as charged.</para>
/// </remarks>
public static class FinalAmountDecision
{
    /// <param name="payment">The payment the final amount names, as the ledger knows it; null when no payment matched.</param>
    /// <param name="finalAmount">What the stay or ride finally cost.</param>
    /// <param name="unfinished">Operations on the payment that have not finished: requested, sending or awaiting approval.</param>
    /// <param name="cap">The rebill cap.</param>
    /// <param name="now">The clock's now: an expired PA can no longer be captured.</param>
    public static FinalAmountAction For(Payment? payment, Money finalAmount, IReadOnlyCollection<Operation> unfinished, RebillCap cap, Instant now)
    {
        ArgumentNullException.ThrowIfNull(unfinished);
        ArgumentNullException.ThrowIfNull(cap);
        if (payment is null)
        {
            return new FinalAmountAction.Unmatched("no payment of the ledger has the final amount's payment id or merchant reference");
        }

        if (payment.Root.Type is not (TransactionType.PreAuthorization or TransactionType.Debit))
        {
            return new FinalAmountAction.Refused($"{payment.Id} is a {payment.Root.Type.ToCode()}: only a PA or a DB closes at a final amount");
        }

        if (!payment.Succeeded)
        {
            return new FinalAmountAction.Refused($"{payment.Root.Type.ToCode()} {payment.Id} was not successful (result {payment.Root.ResultCode}): there is nothing to close");
        }

        if (finalAmount.Currency != payment.Currency)
        {
            return new FinalAmountAction.Refused($"final amount {finalAmount} on {payment.Id}, which is in {payment.Currency}: a final amount is never converted");
        }

        if (unfinished.FirstOrDefault(operation => operation.IsInFlight) is { } inFlight)
        {
            return new FinalAmountAction.Wait($"operation {inFlight.Id} ({inFlight.Kind.ToCode()}) on {payment.Id} is still {inFlight.Status.ToCode()}");
        }

        var awaitingRebills = Money.Sum(
            unfinished.Where(operation => operation.Status == OperationStatus.AwaitingApproval && operation.Kind == TransactionType.Rebill).Select(operation => operation.Amount!.Value),
            payment.Currency);
        var balances = payment.Balances;
        var charged = balances.Captured + balances.Rebilled + awaitingRebills - balances.Refunded;
        var context = $"final amount {finalAmount} on {Describe(payment)} (authorized {balances.Authorized}, charged {charged}"
            + (awaitingRebills.IsPositive ? $" with {awaitingRebills} awaiting approval" : string.Empty) + ")";

        var isPreAuthorization = payment.IsPreAuthorization;
        var open = payment.OpenAmount;
        var releasable = isPreAuthorization && !payment.IsReversed && open.IsPositive;
        var capturable = isPreAuthorization && !payment.IsReversed && !payment.IsExpiredAt(now) ? open : Money.Zero(payment.Currency);
        var difference = finalAmount - charged;
        var steps = new List<FinalAmountStep>();
        var why = new List<string>();
        var captured = Money.Zero(payment.Currency);

        if (difference.IsPositive)
        {
            captured = Money.Min(difference, capturable);
            if (captured.IsPositive)
            {
                steps.Add(new FinalAmountStep(TransactionType.Capture, payment.Id, captured));
                why.Add($"capture {captured}");
            }

            var rest = difference - captured;
            if (rest.IsPositive)
            {
                if (isPreAuthorization && !(balances.Captured + captured).IsPositive)
                {
                    return new FinalAmountAction.Refused(
                        $"{context}: the PA is {(payment.IsReversed ? "reversed" : "expired")} with nothing captured, so {rest} can be neither captured nor rebilled; the merchant needs a new payment");
                }

                var approval = cap.Exceeded(rest, balances.Authorized) ?? UnexpectedRebill(payment);
                steps.Add(new FinalAmountStep(TransactionType.Rebill, payment.Id, rest, approval));
                why.Add(approval is null ? $"rebill the difference {rest}" : $"rebill the difference {rest} after approval: {approval}");
            }
        }
        else if (difference.IsNegative)
        {
            var excess = -difference;
            var refunds = RefundsOf(payment, excess);
            var refundable = Money.Sum(refunds.Select(step => step.Amount!.Value), payment.Currency);
            if (refundable < excess)
            {
                return new FinalAmountAction.Refused($"{context}: the excess {excess} exceeds what can be refunded ({refundable}, legs under an open chargeback excluded)");
            }

            steps.AddRange(refunds);
            why.Add($"refund the excess {excess}" + (refunds.Count > 1 ? $" over {refunds.Count} legs" : string.Empty));
        }

        if (releasable && open - captured is { IsPositive: true } stillOpen)
        {
            steps.Add(new FinalAmountStep(TransactionType.Reversal, payment.Id, null));
            why.Add($"reverse the rest {stillOpen}");
        }

        if (steps.Count == 0)
        {
            return new FinalAmountAction.Closed($"{context}: already charged exactly the final amount and nothing is reserved; nothing moves");
        }

        return new FinalAmountAction.Settle(steps, $"{context}: {string.Join(", then ", why)}");
    }

    // The cardholder agreed to an amount that could grow only for an estimate (or its increments).
    private static string? UnexpectedRebill(Payment payment) =>
        payment.Details.AuthorizationKind is AuthorizationKind.Estimated or AuthorizationKind.Incremental
            ? null
            : $"the payment was authorized as {payment.Details.AuthorizationKind.ToCode()}, not as an estimate";

    private static string Describe(Payment payment) =>
        $"{payment.Details.AuthorizationKind.ToCode()} {payment.Root.Type.ToCode()} {payment.Id}";

    /// <summary>Refunds of <paramref name="excess"/> spread over the captured legs, newest first (a rebill before the capture it topped up), skipping legs under an open chargeback.</summary>
    private static List<FinalAmountStep> RefundsOf(Payment payment, Money excess)
    {
        var refunds = new List<FinalAmountStep>();
        var left = excess;
        foreach (var leg in payment.Transactions.Where(leg => leg.Type.IsCapturedLeg()).Reverse())
        {
            if (!left.IsPositive)
            {
                break;
            }

            var refundable = payment.RefundableOn(leg);
            if (!refundable.IsPositive || payment.OpenChargebackOn(leg) is not null)
            {
                continue;
            }

            var amount = Money.Min(left, refundable);
            refunds.Add(new FinalAmountStep(TransactionType.Refund, leg.Id, amount));
            left -= amount;
        }

        return refunds;
    }
}
