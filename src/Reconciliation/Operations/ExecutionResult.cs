namespace Settlement.Reconciliation.Operations;

/// <summary>The end of one execution of an operation, with a message fit for the dashboard and the log.</summary>
public sealed record ExecutionResult(ExecutionVerdict Verdict, string Message)
{
    public static ExecutionResult Succeeded(string message) => new(ExecutionVerdict.Succeeded, message);

    public static ExecutionResult Failed(string message) => new(ExecutionVerdict.Failed, message);

    public static ExecutionResult RetryLater(string message) => new(ExecutionVerdict.RetryLater, message);

    public static ExecutionResult Withdrawn(string message) => new(ExecutionVerdict.Withdrawn, message);
}
