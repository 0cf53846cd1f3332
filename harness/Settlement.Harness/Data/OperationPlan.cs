using Settlement.Harness.Infrastructure;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Harness.Data;

/// <summary>
/// A mix of every backoffice kind on payments of their own, as in the exactly-once test: captures and reversals of
/// pre-authorizations, refunds and rebills of debits, chargebacks on debits of their own (a chargeback racing a
/// refund of the same debit is refused by the gateway, rightly).
/// </summary>
internal sealed record OperationPlan(IReadOnlyList<PlannedOperation> Operations)
{
    public static async Task<OperationPlan> MakeAsync(LoopbackSimulator gateway, int scale, CancellationToken cancellationToken)
    {
        var captured = await GatewayPayments.MakeAsync(gateway, TransactionType.PreAuthorization, Amounts(3 * scale, 10_000), cancellationToken);
        var reversed = await GatewayPayments.MakeAsync(gateway, TransactionType.PreAuthorization, Amounts(scale, 3_000), cancellationToken);
        var refunded = await GatewayPayments.MakeAsync(gateway, TransactionType.Debit, Amounts(3 * scale, 8_000), cancellationToken);
        var chargedBack = await GatewayPayments.MakeAsync(gateway, TransactionType.Debit, Amounts(2 * scale, 6_000), cancellationToken);
        var operations = new List<PlannedOperation>();
        operations.AddRange(captured.Select((id, i) => new PlannedOperation("capture", id, GatewayPayments.Amount(5_000 + i))));
        operations.AddRange(reversed.Select(id => new PlannedOperation("reverse", id, null)));
        operations.AddRange(refunded.Select((id, i) => new PlannedOperation("refund", id, GatewayPayments.Amount(1_000 + i))));
        operations.AddRange(refunded.Take(scale + (scale / 2)).Select((id, i) => new PlannedOperation("rebill", id, GatewayPayments.Amount(700 + i))));
        operations.AddRange(chargedBack.Select((id, i) => new PlannedOperation("chargeback", id, GatewayPayments.Amount(6_000 + i))));
        return new OperationPlan(operations);
    }

    private static long[] Amounts(int count, long from) => [.. Enumerable.Range(0, count).Select(i => from + i)];
}
