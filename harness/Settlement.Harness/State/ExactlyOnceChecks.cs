using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;

namespace Settlement.Harness.State;

/// <summary>
/// Exactly once, as the gateway and the ledger see it: one successful transaction at the simulator under each
/// operation id, none under two, the ledger holding the same legs with the same amounts, and every stored balance
/// equal to the one recomputed from the legs.
/// </summary>
internal static class ExactlyOnceChecks
{
    public static async Task<IReadOnlyList<Check>> RunAsync(RunDatabase database, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> statuses, CancellationToken cancellationToken)
    {
        var operationIds = ids.ToArray();
        var succeeded = statuses.Count(status => status.Value == "succeeded");
        var executedOnce = await database.CountAsync(
            "SELECT count(*) FROM (SELECT merchant_transaction_id FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids) GROUP BY 1 HAVING count(*) = 1) once",
            cancellationToken, ("ids", operationIds));
        var executedTwice = await database.CountAsync(
            "SELECT count(*) FROM (SELECT merchant_transaction_id FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids) GROUP BY 1 HAVING count(*) > 1) twice",
            cancellationToken, ("ids", operationIds));
        var stored = await database.CountAsync("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = ANY(@ids)", cancellationToken, ("ids", operationIds));
        var ledgerLegs = await database.CountAsync("SELECT count(*) FROM ledger.transactions WHERE merchant_transaction_id = ANY(@ids)", cancellationToken, ("ids", operationIds));
        // Same transaction id, amount and operation id on both sides: a full outer join that keeps only the mismatches.
        var disagreeing = await database.CountAsync(
            """
            SELECT count(*) FROM
              (SELECT merchant_transaction_id, transaction_id, amount_minor FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids)) g
              FULL JOIN (SELECT merchant_transaction_id, transaction_id, amount_minor FROM ledger.transactions WHERE merchant_transaction_id = ANY(@ids)) l
              USING (merchant_transaction_id, transaction_id, amount_minor)
            WHERE g.transaction_id IS NULL OR l.transaction_id IS NULL
            """,
            cancellationToken, ("ids", operationIds));
        var gatewaySum = await database.CountAsync("SELECT coalesce(sum(amount_minor), 0) FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids)", cancellationToken, ("ids", operationIds));
        var ledgerSum = await database.CountAsync("SELECT coalesce(sum(amount_minor), 0) FROM ledger.transactions WHERE merchant_transaction_id = ANY(@ids)", cancellationToken, ("ids", operationIds));
        var balancesOff = await database.CountAsync(
            """
            SELECT count(*) FROM ledger.payments p JOIN ledger.payment_balances_from_legs b USING (payment_id)
            WHERE (p.authorized_minor, p.captured_minor, p.open_minor, p.reversed_minor, p.refunded_minor, p.charged_back_minor, p.chargeback_reversed_minor, p.rebilled_minor, p.paid_out_minor)
               IS DISTINCT FROM (b.authorized_minor, b.captured_minor, b.open_minor, b.reversed_minor, b.refunded_minor, b.charged_back_minor, b.chargeback_reversed_minor, b.rebilled_minor, b.paid_out_minor)
            """,
            cancellationToken);

        return
        [
            Check.That("every operation succeeded in the end", succeeded == ids.Count,
                $"{succeeded} of {ids.Count} succeeded; others: {string.Join(", ", statuses.Where(status => status.Value != "succeeded").GroupBy(status => status.Value).Select(group => $"{group.Count()} {group.Key}"))}"),
            Check.That("executed exactly once at the gateway", executedOnce == ids.Count && executedTwice == 0,
                $"{executedOnce} operation ids with one successful transaction, {executedTwice} with more than one, of {ids.Count}; {stored} transactions stored under them (declines included)"),
            Check.That("ledger legs equal the gateway's", ledgerLegs == ids.Count && disagreeing == 0,
                $"{ledgerLegs} legs in the ledger, {disagreeing} differing from the gateway in id or amount"),
            Check.That("amounts agree to the cent", gatewaySum == ledgerSum, $"{gatewaySum} minor units at the gateway, {ledgerSum} in the ledger"),
            Check.That("stored balances equal balances recomputed from legs", balancesOff == 0, $"{balancesOff} payments whose stored balances differ"),
        ];
    }
}
