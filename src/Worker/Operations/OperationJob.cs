using Hangfire;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Operations;

/// <summary>
/// The Hangfire job of one operation. It carries only the operation's id: the row in <c>operations.operations</c>
/// is the truth, the job the means. Re-running it (a retry, a requeue, a crash) is always safe: the executor
/// queries before it re-sends and the ledger records a leg once.
/// </summary>
public sealed class OperationJob(OperationExecutor executor, SettlementMetrics metrics, ILogger<OperationJob> logger)
{
    private static readonly Func<ILogger, string, IDisposable?> OperationScope = LoggerMessage.DefineScope<string>("OperationId:{OperationId}");

    /// <summary>
    /// The job of an operation, titled on the dashboard in a person's words (<see cref="OperationTitle"/>): kind, amount
    /// and currency, payment and merchant reference. The title travels as an argument so the dashboard shows it
    /// without a database read per row; only <paramref name="operationId"/> decides what runs.
    /// </summary>
    [JobDisplayName("{1} · operation {0}")]
    public Task RunAsync(string operationId, string title, CancellationToken cancellationToken) => RunAsync(operationId, cancellationToken);

    /// <summary>The job as versions before titles enqueued it; kept so that their jobs still run (and retry) after an upgrade.</summary>
    [JobDisplayName("Operation {0}")]
    public async Task RunAsync(string operationId, CancellationToken cancellationToken)
    {
        // Every line logged while this operation runs (executor, gateway client, ledger) carries its id.
        using var scope = OperationScope(logger, operationId);
        var result = await executor.ExecuteAsync(operationId, cancellationToken);
        metrics.OperationAttempted(result.Verdict);
        switch (result.Verdict)
        {
            case ExecutionVerdict.Succeeded or ExecutionVerdict.Withdrawn:
                // A withdrawn operation's job is normally deleted from the queue; one that had started by then ends here.
                return;
            case ExecutionVerdict.Failed:
                throw new OperationFailedException(result.Message);
            default:
                throw new OperationRetryException(result.Message);
        }
    }
}
