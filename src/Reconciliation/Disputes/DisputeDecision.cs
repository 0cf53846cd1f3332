using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// Decides what a dispute event does to its payment (docs/ledger-rules.md; docs/formats.md, chargebacks). A chargeback and a
/// second chargeback charge back a captured leg — the one the event names, else the one of the disputed
/// amount, else the largest — and are facts: one on refunded money is still recorded, and flagged. A
/// reversal reverses the leg's open chargeback. Retrieval requests and arbitration outcomes move no money.
/// </summary>
public static class DisputeDecision
{
    public static DisputeAction For(ChargebackEventType type, Money? amount, string? reasonCode, Payment? payment, string? namedTransactionId)
    {
        if (type is ChargebackEventType.RetrievalRequest)
        {
            return new DisputeAction.Record("retrieval request: no money moves; answer it before the reply-by date");
        }

        if (type is ChargebackEventType.ArbitrationWon or ChargebackEventType.ArbitrationLost)
        {
            return new DisputeAction.Record(type == ChargebackEventType.ArbitrationWon
                ? "arbitration won: the chargeback's reversal, if any, comes as its own event"
                : "arbitration lost: the chargeback stands");
        }

        if (payment is null)
        {
            return new DisputeAction.Unmatched("no payment of the ledger has the event's payment id, merchant reference or ARN");
        }

        var captured = payment.Transactions.Where(leg => leg.Type.IsCapturedLeg()).ToList();
        if (captured.Count == 0)
        {
            return new DisputeAction.Refused(LedgerRule.ChargebackNeedsCapturedLeg, $"payment {payment.Id} has no captured leg to dispute");
        }

        var named = namedTransactionId is null ? null : payment.Find(namedTransactionId);
        if (type is ChargebackEventType.ChargebackReversal)
        {
            var open = (named is { Type: TransactionType.Chargeback } ? [named] : captured.Select(payment.OpenChargebackOn).OfType<LedgerTransaction>())
                .Where(chargeback => !payment.IsChargebackReversed(chargeback))
                .OrderByDescending(chargeback => amount is { } disputed && chargeback.Amount == disputed)
                .FirstOrDefault();
            return open is null
                ? new DisputeAction.Wait($"no open chargeback on payment {payment.Id} yet: it may still be on its way to the gateway")
                : new DisputeAction.Reversal(open.Id, open.Amount, $"reversal of chargeback {open.Id} ({open.Amount}): the merchant won");
        }

        if (amount is not { } value)
        {
            return new DisputeAction.Refused(LedgerRule.AmountNotPositive, "a chargeback event needs an amount");
        }

        var leg = named is not null && named.Type.IsCapturedLeg()
            ? named
            : captured.Where(candidate => payment.OpenChargebackOn(candidate) is null)
                .OrderByDescending(candidate => candidate.Amount == value)
                .ThenByDescending(candidate => candidate.Amount.MinorUnits)
                .FirstOrDefault() ?? captured[0];
        var refundable = payment.RefundableOn(leg);
        var onRefunded = value > refundable;
        var second = type == ChargebackEventType.SecondChargeback ? "second chargeback" : "chargeback";
        return new DisputeAction.Chargeback(
            leg.Id,
            value,
            reasonCode,
            onRefunded,
            onRefunded
                ? $"{second} {value} on {leg.Id}, of which only {refundable} was not refunded: the merchant lost twice and should defend it"
                : $"{second} {value} on {leg.Type.ToCode()} {leg.Id}");
    }
}
