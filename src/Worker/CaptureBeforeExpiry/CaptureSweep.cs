using System.Diagnostics;
using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Observability;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.CaptureBeforeExpiry;

/// <summary>
/// The capture sweep (<c>capture-sweep</c>, fired by the scheduler): decides every PA that can be due
/// (<see cref="CaptureBeforeExpiryDecision"/>), plans each capture or reversal against the ledger with the
/// operations pipeline's own planner (operations in flight counted), records decisions and operation rows in
/// one transaction (where the guard against an overlapping sweep sits), then enqueues the jobs.
/// </summary>
public sealed partial class CaptureSweep(
    CaptureSweepStore store,
    LedgerStore ledger,
    OperationStore operations,
    OperationRequests requests,
    ExpiryPolicy policy,
    IOptions<CaptureBeforeExpirySettings> settings,
    IClock clock,
    SettlementMetrics metrics,
    ILogger<CaptureSweep> logger) : IScheduledWork
{
    // A sweep of 10,000 due PAs enqueues in well under a minute; an operation still without a job after this
    // belongs to a sweep that died between its commit and its enqueue.
    private static readonly Duration StrandedAfter = Duration.FromMinutes(10);

    public string Name => "capture-sweep";

    public async Task<string> RunAsync(CancellationToken cancellationToken) => (await SweepAsync(dryRun: false, cancellationToken)).Summary;

    /// <summary>One sweep at the clock's now; a dry run decides and reports without recording or enqueueing anything.</summary>
    public async Task<SweepReport> SweepAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var started = Stopwatch.GetTimestamp();
        var candidates = await store.CandidatesAsync(policy, now, cancellationToken);
        var decisions = candidates
            .Select(candidate => CaptureBeforeExpiryDecision.For(candidate, policy, now))
            .Where(decision => decision is not SweepDecision.NotDue)
            .ToList();
        var deciding = Elapsed(started);
        if (dryRun)
        {
            return new SweepReport(null, now, candidates.Count, [.. decisions.Select(decision => new SweepOutcome(decision))], new HashSet<string>(), 0, deciding, Duration.Zero, Duration.Zero);
        }

        var stranded = await EnqueueStrandedAsync(now, cancellationToken);
        started = Stopwatch.GetTimestamp();
        var sweepId = await store.BeginAsync(now, cancellationToken);
        List<SweepOutcome> outcomes;
        IReadOnlySet<string> won;
        // From the bulk read of payments and in-flight operations to the commit of the rows, no request plans an
        // operation (an operator's capture of a PA the sweep captures too waits, then finds this one in flight).
        await using (await store.HoldOperationPlanningAsync(cancellationToken))
        {
            outcomes = await PlanAsync(decisions, now, cancellationToken);
            won = await store.RecordAsync(sweepId, outcomes, now, cancellationToken);
        }

        var recording = Elapsed(started);

        started = Stopwatch.GetTimestamp();
        var jobs = outcomes.Where(outcome => outcome.Operation is not null && won.Contains(outcome.Decision.PaymentId)).Select(outcome => outcome.Operation!).ToList();
        await requests.EnqueueStoredAsync(jobs, settings.Value.EnqueueParallelism, cancellationToken);
        var report = new SweepReport(sweepId, now, candidates.Count, outcomes, won, stranded, deciding, recording, Elapsed(started));

        await store.FinishAsync(sweepId, report.Summary, clock.GetCurrentInstant(), cancellationToken);
        foreach (var action in report.Taken.GroupBy(outcome => outcome.Action))
        {
            metrics.SweepDecided(action.Key, action.Count());
        }

        LogSwept(logger, sweepId, report.Summary, report.Deciding.TotalMilliseconds, report.Recording.TotalMilliseconds, report.Enqueueing.TotalMilliseconds);
        foreach (var expired in report.Taken.Where(outcome => outcome.Action == "expired"))
        {
            LogExpired(logger, expired.Decision.PaymentId, expired.Reason);
        }

        return report;
    }

    /// <summary>Captures and reversals go through <see cref="OperationPlanner"/>, against the payments and their in-flight operations loaded in bulk.</summary>
    private async Task<List<SweepOutcome>> PlanAsync(List<SweepDecision> decisions, Instant now, CancellationToken cancellationToken)
    {
        var acting = decisions.Where(decision => decision is SweepDecision.Capture or SweepDecision.Reverse).Select(decision => decision.PaymentId).ToList();
        var payments = acting.Count == 0 ? new Dictionary<string, Payment>() : await ledger.FindPaymentsAsync(acting, cancellationToken);
        var inFlight = await operations.InFlightOnPaymentsAsync(acting, cancellationToken);
        var outcomes = new List<SweepOutcome>(decisions.Count);
        foreach (var decision in decisions)
        {
            (TransactionType Kind, Money? Amount)? operation = decision switch
            {
                SweepDecision.Capture capture => (TransactionType.Capture, capture.Amount),
                SweepDecision.Reverse => (TransactionType.Reversal, null),
                _ => null,
            };
            if (operation is not var (kind, amount))
            {
                outcomes.Add(new SweepOutcome(decision));
                continue;
            }

            var order = new OperationOrder(kind, decision.PaymentId, amount, null, AuditActor.Rule(CaptureSweepStore.Actor, decision.Reason));
            var planned = OperationPlanner.Plan(order, payments.GetValueOrDefault(decision.PaymentId), inFlight[decision.PaymentId], OperationIds.New(), now);
            outcomes.Add(planned.TryGetValue(out var stored, out var rejection)
                ? new SweepOutcome(decision, stored)
                : new SweepOutcome(decision, Refusal: $"{rejection.Message} ({rejection.Rule})"));
        }

        return outcomes;
    }

    private async Task<int> EnqueueStrandedAsync(Instant now, CancellationToken cancellationToken)
    {
        var stranded = new List<Operation>();
        foreach (var operationId in await store.StrandedOperationsAsync(now - StrandedAfter, cancellationToken))
        {
            if (await operations.FindAsync(operationId, cancellationToken) is { } operation)
            {
                stranded.Add(operation);
            }
        }

        await requests.EnqueueStoredAsync(stranded, settings.Value.EnqueueParallelism, cancellationToken);
        return stranded.Count;
    }

    private static Duration Elapsed(long started) => Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started));

    [LoggerMessage(EventId = LogEvents.CaptureBeforeExpiry.Swept, Level = LogLevel.Information, Message = "Capture sweep {SweepId}: {Summary} (decided in {DecidingMs:F0} ms, recorded in {RecordingMs:F0} ms, enqueued in {EnqueueingMs:F0} ms)")]
    private static partial void LogSwept(ILogger logger, long sweepId, string summary, double decidingMs, double recordingMs, double enqueueingMs);

    [LoggerMessage(EventId = LogEvents.CaptureBeforeExpiry.FoundExpired, Level = LogLevel.Warning, Message = "Pre-authorization {PaymentId} found expired: {Reason}")]
    private static partial void LogExpired(ILogger logger, string paymentId, string reason);
}
