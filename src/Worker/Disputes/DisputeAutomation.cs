using NodaTime;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Operations;

namespace Settlement.Worker.Disputes;

/// <summary>
/// Acts on every dispute event that has not acted yet, in event order: a chargeback becomes a CB operation
/// (recorded in the ledger and sent to the gateway through the operations pipeline, with the reason code), a
/// reversal a CR on that dispute's chargeback, a second chargeback a new CB; retrieval requests and
/// arbitration outcomes are recorded. An event acts once: its action row is its memory, and the staging
/// dedupe already drops the same event repeated in another file. What needs a person becomes an exception.
/// </summary>
/// <remarks>
/// The operation is requested before the action row is written. A crash between the two makes the event try
/// again on the next run, where the ledger's rules refuse a second open chargeback on the leg: the money
/// still moves once, and the refusal is left as an exception to look at.
/// </remarks>
public sealed partial class DisputeAutomation(
    DisputeStore store, LedgerStore ledger, OperationRequests requests, IClock clock, ILogger<DisputeAutomation> logger)
{
    public async Task<int> ActAsync(CancellationToken cancellationToken)
    {
        await using var held = await store.TryHoldAutomationAsync(cancellationToken);
        if (held is null)
        {
            return 0;
        }

        var acted = 0;
        foreach (var dispute in await store.PendingAsync(cancellationToken))
        {
            var payment = await FindPaymentAsync(dispute, cancellationToken);
            var decision = DisputeDecision.For(dispute.Event, dispute.Amount, dispute.ReasonCode, payment, dispute.PaymentId);
            if (decision is DisputeAction.Wait)
            {
                continue;
            }

            var actor = AuditActor.File($"dispute {dispute.DisputeId}", decision.Explanation);
            var (action, operationId, transactionId, explanation, exceptionKind) = decision switch
            {
                DisputeAction.Chargeback chargeback => await RequestAsync(
                    new OperationOrder(TransactionType.Chargeback, chargeback.LegId, chargeback.Amount, chargeback.ReasonCode, actor),
                    "chargeback_requested",
                    chargeback.OnRefundedMoney ? ExceptionKind.ChargebackOnRefunded : null,
                    decision.Explanation,
                    cancellationToken),
                DisputeAction.Reversal reversal => await RequestAsync(
                    new OperationOrder(TransactionType.ChargebackReversal, reversal.ChargebackId, reversal.Amount, null, actor),
                    "reversal_requested",
                    null,
                    decision.Explanation,
                    cancellationToken),
                DisputeAction.Unmatched => ("unmatched", null, null, decision.Explanation, ExceptionKind.UnmatchedDispute),
                DisputeAction.Refused => ("refused", null, null, decision.Explanation, ExceptionKind.DisputeRefused),
                _ => ("recorded", (string?)null, (string?)null, decision.Explanation, (ExceptionKind?)null),
            };

            await store.RecordAsync(dispute, action, operationId, transactionId, explanation, exceptionKind, clock.GetCurrentInstant(), cancellationToken);
            LogActed(logger, dispute.DisputeId, dispute.Event, action, explanation);
            acted++;
        }

        return acted;
    }

    private async Task<(string Action, string? OperationId, string? TransactionId, string Explanation, ExceptionKind? ExceptionKind)> RequestAsync(
        OperationOrder order, string action, ExceptionKind? exceptionKind, string explanation, CancellationToken cancellationToken)
    {
        var requested = await requests.RequestAsync(order, cancellationToken);
        return requested.TryGetValue(out var operation, out var rejection)
            ? (action, operation.Id, order.ReferencedId, explanation, exceptionKind)
            : ("refused", null, order.ReferencedId, $"{explanation}; refused: {rejection.Message}", ExceptionKind.DisputeRefused);
    }

    /// <summary>The disputed payment by the event's keys, in the order matching uses: payment id, merchant reference, ARN.</summary>
    private async Task<Payment?> FindPaymentAsync(PendingDispute dispute, CancellationToken cancellationToken)
    {
        if (dispute.PaymentId is not null && await ledger.FindPaymentAsync(dispute.PaymentId, cancellationToken) is { } byId)
        {
            return byId;
        }

        return await store.PaymentIdByReferenceAsync(dispute.MerchantTransactionId, dispute.Arn, cancellationToken) is { } paymentId
            ? await ledger.FindPaymentAsync(paymentId, cancellationToken)
            : null;
    }

    [LoggerMessage(EventId = LogEvents.Disputes.Acted, Level = LogLevel.Information, Message = "Dispute {DisputeId} {Event}: {Action}: {Explanation}")]
    private static partial void LogActed(ILogger logger, string disputeId, ChargebackEventType @event, string action, string explanation);
}
