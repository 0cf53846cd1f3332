namespace Settlement.Worker.Operations;

/// <summary>
/// An operation was declined, invalid, or disagrees with the ledger: the job ends Failed on the dashboard with
/// this message (the gateway's code and description) and is not retried until a person asks.
/// </summary>
public sealed class OperationFailedException : Exception
{
    public OperationFailedException()
    {
    }

    public OperationFailedException(string message)
        : base(message)
    {
    }

    public OperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
