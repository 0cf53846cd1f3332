using NodaTime;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// The rules of docs/ledger-rules.md, as one pure decision: given a payment and an operation on it, the leg to
/// record or the rule it breaks, with the amounts. The same rules answer for the ledger and for the
/// gateway simulator.
/// </summary>
public static class BackofficeRules
{
    /// <summary>Checks a PA, DB or CD before it starts a payment.</summary>
    public static Result<Payment, Rejection> Start(NewPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (!payment.Type.StartsPayment())
        {
            return Reject(LedgerRule.PaymentMustStartWithPaDbOrCd, $"a payment starts with a PA, DB or CD; {payment.Id} is a {payment.Type.ToCode()} and needs a referenced transaction");
        }

        if (!payment.Amount.IsPositive)
        {
            return Reject(LedgerRule.AmountNotPositive, $"{payment.Type.ToCode()} amount {payment.Amount} must be positive");
        }

        var root = new LedgerTransaction(payment.Id, payment.Id, payment.Type, null, payment.Amount, payment.ProcessedAt, payment.ResultCode, payment.MerchantTransactionId);
        return new Payment(root, payment.Details ?? PaymentDetails.None, []);
    }

    public static Result<AppliedOperation, Rejection> Apply(Payment payment, OperationRequest request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(request);

        if (request.Type.StartsPayment())
        {
            return Reject(LedgerRule.OperationNeedsReference, $"{request.Type.ToCode()} starts a payment and cannot reference {request.ReferencedId}");
        }

        if (!ResultCodeClassifier.IsSuccessful(request.ResultCode))
        {
            return Reject(LedgerRule.ResultNotSuccessful, $"{request.Type.ToCode()} {request.TransactionId} has result {request.ResultCode}, which moved no money; only successful operations are recorded");
        }

        var target = payment.Find(request.ReferencedId);
        if (target is null)
        {
            return Reject(LedgerRule.ReferenceNotFound, $"{request.ReferencedId} is not a transaction of payment {payment.Id}");
        }

        if (!payment.Succeeded)
        {
            return Reject(LedgerRule.ReferenceNotSuccessful, $"payment {payment.Id} was not successful (result {payment.Root.ResultCode})");
        }

        if (request.Amount is { } amount)
        {
            if (amount.Currency != target.Currency)
            {
                return Reject(LedgerRule.CurrencyMismatch, $"{Name(request.Type)} in {amount.Currency} on {target.Id}, which is in {target.Currency}");
            }

            if (!amount.IsPositive)
            {
                return Reject(LedgerRule.AmountNotPositive, $"{Name(request.Type)} amount {amount} must be positive");
            }
        }
        else if (request.Type != TransactionType.Reversal)
        {
            return Reject(LedgerRule.AmountNotPositive, $"{Name(request.Type)} on {target.Id} needs an amount");
        }

        return request.Type switch
        {
            TransactionType.Capture => Capture(payment, target, request, now),
            TransactionType.Reversal => Reversal(payment, target, request),
            TransactionType.Refund => Refund(payment, target, request),
            TransactionType.Chargeback => Chargeback(payment, target, request),
            TransactionType.ChargebackReversal => ChargebackReversal(payment, target, request),
            TransactionType.Rebill => Rebill(payment, target, request),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Type, "Not a backoffice operation."),
        };
    }

    private static Result<AppliedOperation, Rejection> Capture(Payment payment, LedgerTransaction target, OperationRequest request, Instant now)
    {
        var amount = request.Amount!.Value;
        if (target.Type != TransactionType.PreAuthorization)
        {
            return Reject(LedgerRule.CaptureNeedsPreAuthorization, $"capture needs a PA; {target.Id} is a {target.Type.ToCode()}");
        }

        if (payment.IsReversed)
        {
            return Reject(LedgerRule.CaptureAfterReversal, $"capture {amount} on {target.Id}, which was reversed");
        }

        if (payment.IsExpiredAt(now))
        {
            return Reject(LedgerRule.CaptureAfterExpiry, $"capture {amount} on {target.Id}, which expired at {payment.Details.ExpiresAt}");
        }

        var open = payment.OpenAmount;
        if (amount > open)
        {
            return Reject(LedgerRule.CaptureExceedsOpenAmount, $"capture {amount} exceeds open amount {open} on {target.Id}");
        }

        return Accept(payment, target, request, amount);
    }

    private static Result<AppliedOperation, Rejection> Reversal(Payment payment, LedgerTransaction target, OperationRequest request)
    {
        if (target.Type != TransactionType.PreAuthorization)
        {
            return Reject(LedgerRule.ReversalNeedsPreAuthorization, $"reversal needs a PA; {target.Id} is a {target.Type.ToCode()}");
        }

        if (payment.IsReversed)
        {
            return Reject(LedgerRule.AlreadyReversed, $"{target.Id} was already reversed");
        }

        var blocking = payment.Transactions.Where(leg => leg.Type.IsCapturedLeg()).Select(payment.OpenChargebackOn).FirstOrDefault(chargeback => chargeback is not null);
        if (blocking is not null)
        {
            return Reject(LedgerRule.OpenChargebackBlocksRefundOrReversal, $"reversal of {target.Id} while chargeback {blocking.Id} is open");
        }

        var open = payment.OpenAmount;
        if (open.IsZero)
        {
            return Reject(LedgerRule.NothingOpenToReverse, $"nothing open to reverse on {target.Id}: {payment.Captured} of {target.Amount} captured");
        }

        // A reversal releases exactly the open amount: a reported reversal of another amount is wrong data.
        if (request.Amount is { } amount && amount != open)
        {
            return Reject(LedgerRule.ReversalAmountDiffersFromOpenAmount, $"reversal {amount} differs from open amount {open} on {target.Id}");
        }

        return Accept(payment, target, request, open);
    }

    private static Result<AppliedOperation, Rejection> Refund(Payment payment, LedgerTransaction target, OperationRequest request)
    {
        var amount = request.Amount!.Value;
        if (!target.Type.IsCapturedLeg())
        {
            return Reject(LedgerRule.RefundNeedsCapturedLeg, $"refund needs a DB, CP or RB; {target.Id} is a {target.Type.ToCode()}");
        }

        if (payment.OpenChargebackOn(target) is { } chargeback)
        {
            return Reject(LedgerRule.OpenChargebackBlocksRefundOrReversal, $"refund {amount} on {target.Id} while chargeback {chargeback.Id} is open");
        }

        var refundable = payment.RefundableOn(target);
        if (amount > refundable)
        {
            return Reject(LedgerRule.RefundExceedsRefundable, $"refund {amount} exceeds refundable {refundable} on {target.Id}");
        }

        return Accept(payment, target, request, amount);
    }

    // Acquirer chargebacks are facts: recorded even on refunded money, with a warning for a person.
    private static Result<AppliedOperation, Rejection> Chargeback(Payment payment, LedgerTransaction target, OperationRequest request)
    {
        var amount = request.Amount!.Value;
        if (!target.Type.IsCapturedLeg())
        {
            return Reject(LedgerRule.ChargebackNeedsCapturedLeg, $"chargeback needs a DB, CP or RB; {target.Id} is a {target.Type.ToCode()}");
        }

        if (payment.OpenChargebackOn(target) is { } open)
        {
            return Reject(LedgerRule.ChargebackAlreadyOpen, $"{target.Id} already has open chargeback {open.Id}");
        }

        var warnings = new List<LedgerWarning>();
        var refundable = payment.RefundableOn(target);
        if (amount > refundable)
        {
            warnings.Add(new LedgerWarning(
                LedgerWarningKind.ChargebackOnRefundedAmount,
                $"chargeback {amount} on {target.Id} exceeds what is left after refunds ({refundable}): refunded money charged back"));
        }

        if (payment.LegsOn(target.Id, TransactionType.Chargeback).Any())
        {
            warnings.Add(new LedgerWarning(LedgerWarningKind.SecondChargeback, $"second chargeback on {target.Id} after a reversed one"));
        }

        return Accept(payment, target, request, amount, warnings);
    }

    private static Result<AppliedOperation, Rejection> ChargebackReversal(Payment payment, LedgerTransaction target, OperationRequest request)
    {
        var amount = request.Amount!.Value;
        if (target.Type != TransactionType.Chargeback)
        {
            return Reject(LedgerRule.ChargebackReversalNeedsChargeback, $"chargeback reversal needs a CB; {target.Id} is a {target.Type.ToCode()}");
        }

        if (payment.IsChargebackReversed(target))
        {
            return Reject(LedgerRule.ChargebackAlreadyReversed, $"chargeback {target.Id} was already reversed");
        }

        if (amount != target.Amount)
        {
            return Reject(LedgerRule.ChargebackReversalAmountDiffers, $"chargeback reversal {amount} differs from chargeback {target.Amount} on {target.Id}");
        }

        return Accept(payment, target, request, amount);
    }

    private static Result<AppliedOperation, Rejection> Rebill(Payment payment, LedgerTransaction target, OperationRequest request)
    {
        var amount = request.Amount!.Value;
        var billable = target.Type switch
        {
            TransactionType.Debit => true,
            TransactionType.PreAuthorization => payment.Captured.IsPositive,
            _ => false,
        };
        if (!billable)
        {
            return Reject(LedgerRule.RebillNeedsCapturedPayment, target.Type == TransactionType.PreAuthorization
                ? $"rebill {amount} on {target.Id}: the PA has nothing captured"
                : $"rebill needs a DB or a captured PA; {target.Id} is a {target.Type.ToCode()}");
        }

        return Accept(payment, target, request, amount);
    }

    private static AppliedOperation Accept(Payment payment, LedgerTransaction target, OperationRequest request, Money amount, IReadOnlyList<LedgerWarning>? warnings = null) =>
        new(
            new LedgerTransaction(request.TransactionId, payment.Id, request.Type, target.Id, amount, request.ProcessedAt, request.ResultCode, request.MerchantTransactionId),
            warnings ?? []);

    private static Rejection Reject(LedgerRule rule, string message) => new(rule, message);

    private static string Name(TransactionType type) => type switch
    {
        TransactionType.Capture => "capture",
        TransactionType.Reversal => "reversal",
        TransactionType.Refund => "refund",
        TransactionType.Chargeback => "chargeback",
        TransactionType.ChargebackReversal => "chargeback reversal",
        TransactionType.Rebill => "rebill",
        _ => type.ToCode(),
    };
}
