using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Ledger;

/// <summary>
/// The rules of docs/ledger-rules.md checked from the transactions alone, independently of <see cref="BackofficeRules"/>:
/// returns every broken invariant as a sentence, so a failing property shows what went wrong.
/// </summary>
internal static class LedgerInvariants
{
    public static IReadOnlyList<string> Broken(Payment payment)
    {
        var broken = new List<string>();
        var all = payment.Transactions;
        var root = payment.Root;
        long Sum(IEnumerable<LedgerTransaction> legs) => legs.Sum(leg => leg.Amount.MinorUnits);

        var captures = all.Where(leg => leg.Type == TransactionType.Capture).ToList();
        var reversals = all.Where(leg => leg.Type == TransactionType.Reversal).ToList();
        if (root.Type == TransactionType.PreAuthorization && Sum(captures) + Sum(reversals) > root.Amount.MinorUnits)
        {
            broken.Add($"captures {Sum(captures)} + reversal {Sum(reversals)} exceed PA {root.Amount.MinorUnits}");
        }

        if (reversals.Count > 1)
        {
            broken.Add($"{reversals.Count} reversals");
        }

        if (reversals.Count == 1)
        {
            var reversalIndex = IndexOf(all, reversals[0]);
            if (captures.Any(capture => IndexOf(all, capture) > reversalIndex))
            {
                broken.Add("a capture after the reversal");
            }
        }

        foreach (var leg in all.Where(leg => leg.Type.IsCapturedLeg()))
        {
            var refunds = all.Where(refund => refund.Type == TransactionType.Refund && refund.ReferencedId == leg.Id);
            if (Sum(refunds) > leg.Amount.MinorUnits)
            {
                broken.Add($"refunds {Sum(refunds)} on {leg.Id} exceed its {leg.Amount.MinorUnits}");
            }

            var chargebacks = all.Where(chargeback => chargeback.Type == TransactionType.Chargeback && chargeback.ReferencedId == leg.Id).ToList();
            var open = chargebacks.Count(chargeback => !all.Any(reversal => reversal.Type == TransactionType.ChargebackReversal && reversal.ReferencedId == chargeback.Id));
            if (open > 1)
            {
                broken.Add($"{open} open chargebacks on {leg.Id}");
            }
        }

        foreach (var chargeback in all.Where(leg => leg.Type == TransactionType.Chargeback))
        {
            var reversalsOfIt = all.Where(leg => leg.Type == TransactionType.ChargebackReversal && leg.ReferencedId == chargeback.Id).ToList();
            if (reversalsOfIt.Count > 1)
            {
                broken.Add($"{reversalsOfIt.Count} reversals of chargeback {chargeback.Id}");
            }

            if (reversalsOfIt.Any(reversal => reversal.Amount != chargeback.Amount))
            {
                broken.Add($"reversal of chargeback {chargeback.Id} differs from its amount");
            }
        }

        if (all.Any(leg => leg.Currency != payment.Currency))
        {
            broken.Add("a leg in another currency");
        }

        return broken;
    }

    /// <summary>The balances recomputed from the legs, in minor units, in the order of <see cref="PaymentBalances"/>.</summary>
    public static long[] BalancesFromLegs(Payment payment)
    {
        var root = payment.Root;
        long Sum(TransactionType type) => payment.Transactions.Where(leg => leg.Type == type && leg.ReferencedId is not null).Sum(leg => leg.Amount.MinorUnits);
        var isPa = root.Type == TransactionType.PreAuthorization;
        return
        [
            root.Type == TransactionType.Credit ? 0 : root.Amount.MinorUnits,
            root.Type == TransactionType.Debit ? root.Amount.MinorUnits : isPa ? Sum(TransactionType.Capture) : 0,
            isPa ? root.Amount.MinorUnits - Sum(TransactionType.Capture) - Sum(TransactionType.Reversal) : 0,
            Sum(TransactionType.Reversal),
            Sum(TransactionType.Refund),
            Sum(TransactionType.Chargeback),
            Sum(TransactionType.ChargebackReversal),
            Sum(TransactionType.Rebill),
            root.Type == TransactionType.Credit ? root.Amount.MinorUnits : 0,
        ];
    }

    public static long[] InMinorUnits(PaymentBalances balances) =>
    [
        balances.Authorized.MinorUnits, balances.Captured.MinorUnits, balances.Open.MinorUnits, balances.Reversed.MinorUnits,
        balances.Refunded.MinorUnits, balances.ChargedBack.MinorUnits, balances.ChargebackReversed.MinorUnits,
        balances.Rebilled.MinorUnits, balances.PaidOut.MinorUnits,
    ];

    private static int IndexOf(IReadOnlyList<LedgerTransaction> all, LedgerTransaction leg)
    {
        for (var i = 0; i < all.Count; i++)
        {
            if (ReferenceEquals(all[i], leg))
            {
                return i;
            }
        }

        return -1;
    }
}
