using Hangfire;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Operations;

/// <summary>
/// The Hangfire job of one operation. It carries only the operation's id: the row in <c>operations.operations</c>
/// is the truth, the job the means. Re-running it (a retry, a requeue, a crash) is always safe: the executor
/// queries before it re-sends and the ledger records a leg once.
/// </summary>
public sealed class OperationJob(OperationExecutor executor)
{
    [JobDisplayName("Operation {0}")]
    public async Task RunAsync(string operationId, CancellationToken cancellationToken)
    {
        var result = await executor.ExecuteAsync(operationId, cancellationToken);
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
