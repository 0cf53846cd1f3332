using NodaTime;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.EstimatedAuthorizations;

/// <summary>
/// Acts on every final amount not acted on yet (from a final-amounts file or <c>POST /api/final-amounts</c>): closes
/// its payment through <see cref="FinalAmountDecision"/>, requesting the steps through the operations pipeline in
/// order (each a continuation of the one before), a rebill above the cap held for approval with an open exception.
/// A final amount acts once: its action row is its memory; the staging dedupe already keeps one final amount per
/// payment. Runs after each ingested file and nightly as the scheduled work <c>final-amounts</c>.
/// </summary>
/// <remarks>
/// The operations are requested before the action row is written. A crash between the two makes the final amount
/// decide again on the next run, where the decision waits while those operations are in flight and afterwards asks
/// only for what is still missing: the money moves once.
/// </remarks>
public sealed partial class FinalAmountAutomation(
    FinalAmountStore store,
    LedgerStore ledger,
    OperationStore operations,
    OperationRequests requests,
    RebillCap cap,
    IClock clock,
    ILogger<FinalAmountAutomation> logger) : IScheduledWork
{
    /// <summary>The rule named on audit rows and operations.</summary>
    public const string RuleName = FinalAmountStore.RuleName;

    public string Name => "final-amounts";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var (acted, waiting) = await ActAsync(cancellationToken);
        return $"{acted} final amount(s) acted on, {waiting} waiting for operations in flight";
    }

    /// <summary>Acts on the pending final amounts; returns how many acted and how many wait for operations in flight.</summary>
    public async Task<(int Acted, int Waiting)> ActAsync(CancellationToken cancellationToken)
    {
        await using var held = await store.TryHoldAutomationAsync(cancellationToken);
        if (held is null)
        {
            return (0, 0);
        }

        var (acted, waiting) = (0, 0);
        foreach (var final in await store.PendingAsync(cancellationToken))
        {
            var (payment, ambiguity) = await FindPaymentAsync(final, cancellationToken);
            var unfinished = payment is null ? [] : await operations.UnfinishedOnAsync(payment.Transactions.Select(leg => leg.Id), cancellationToken);
            var decision = ambiguity is not null
                ? new FinalAmountAction.Unmatched(ambiguity)
                : FinalAmountDecision.For(payment, final.Amount, unfinished, cap, clock.GetCurrentInstant());
            if (decision is FinalAmountAction.Wait)
            {
                LogWaiting(logger, final.Key, decision.Explanation);
                waiting++;
                continue;
            }

            var outcome = decision switch
            {
                FinalAmountAction.Settle settle => await RequestAsync(final, settle, cancellationToken),
                FinalAmountAction.Closed => new FinalAmountOutcome("closed", [], decision.Explanation, null),
                FinalAmountAction.Unmatched => new FinalAmountOutcome("unmatched", [], decision.Explanation, ExceptionKind.UnmatchedFinalAmount),
                _ => new FinalAmountOutcome("refused", [], decision.Explanation, ExceptionKind.FinalAmountRefused),
            };

            // Every rebill of the payment that waits for a person has its exception, also one requested by a run
            // that crashed before it recorded.
            var awaiting = unfinished.Concat(outcome.Operations).Where(operation => operation.Status == OperationStatus.AwaitingApproval).DistinctBy(operation => operation.Id).ToList();
            await store.RecordAsync(final, payment, outcome, awaiting, clock.GetCurrentInstant(), cancellationToken);
            LogActed(logger, final.Key, outcome.Action, outcome.Explanation);
            acted++;
        }

        return (acted, waiting);
    }

    private async Task<FinalAmountOutcome> RequestAsync(PendingFinalAmount final, FinalAmountAction.Settle settle, CancellationToken cancellationToken)
    {
        var actor = AuditActor.Rule(RuleName, $"final amount {final.Amount}{(final.Reference is { } reference ? $" ({reference})" : string.Empty)} from {final.Source}: {settle.Explanation}");
        var requested = new List<Operation>();
        Operation? previous = null;
        foreach (var step in settle.Steps)
        {
            var order = new OperationOrder(step.Kind, step.ReferencedId, step.Amount, null, actor);
            var result = await requests.RequestAsync(order, new OperationStart(previous, step.AwaitsApproval), cancellationToken);
            if (!result.TryGetValue(out var operation, out var rejection))
            {
                // The steps already requested stand (they are each within the rules); what is missing needs a person.
                return new FinalAmountOutcome("refused", requested, $"{settle.Explanation}; {step} refused: {rejection.Message}", ExceptionKind.FinalAmountRefused);
            }

            requested.Add(operation);
            previous = operation;
        }

        var action = requested.Any(operation => operation.Status == OperationStatus.AwaitingApproval) ? "awaiting_approval" : "requested";
        return new FinalAmountOutcome(action, requested, settle.Explanation, null);
    }

    /// <summary>The payment by the final amount's payment id (any id of the payment), else by its merchant reference, which must name one payment only.</summary>
    private async Task<(Payment? Payment, string? Ambiguity)> FindPaymentAsync(PendingFinalAmount final, CancellationToken cancellationToken)
    {
        if (final.PaymentId is not null)
        {
            return (await ledger.FindPaymentAsync(final.PaymentId, cancellationToken), null);
        }

        var found = await store.PaymentIdsByReferenceAsync(final.MerchantTransactionId!, cancellationToken);
        return found switch
        {
            [var paymentId] => (await ledger.FindPaymentAsync(paymentId, cancellationToken), null),
            [_, _] => (null, $"merchant reference {final.MerchantTransactionId} names several payments ({string.Join(", ", found)}, …): give the payment id"),
            _ => (null, null),
        };
    }

    [LoggerMessage(EventId = LogEvents.FinalAmounts.Acted, Level = LogLevel.Information, Message = "{FinalAmount}: {Action}: {Explanation}")]
    private static partial void LogActed(ILogger logger, string finalAmount, string action, string explanation);

    [LoggerMessage(EventId = LogEvents.FinalAmounts.Waiting, Level = LogLevel.Information, Message = "{FinalAmount}: waits: {Explanation}")]
    private static partial void LogWaiting(ILogger logger, string finalAmount, string explanation);
}
