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

    [JobDisplayName("Operation {0}")]
    public async Task RunAsync(string operationId, CancellationToken cancellationToken)
    {
        // Every line logged while this operation runs (executor, gateway client, ledger) carries its id.
        using var scope = OperationScope(logger, operationId);
        var result = await executor.ExecuteAsync(operationId, cancellationToken);
        metrics.OperationAttempted(result.Verdict);
        switch (result.Verdict)
        {
            case ExecutionVerdict.Succeeded:
                return;
            case ExecutionVerdict.Failed:
                throw new OperationFailedException(result.Message);
            default:
                throw new OperationRetryException(result.Message);
        }
    }
}
