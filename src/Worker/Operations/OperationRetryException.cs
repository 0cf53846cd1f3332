namespace Settlement.Worker.Operations;

/// <summary>
/// An attempt ended transient, unknown, pending or not sent: Hangfire retries the job with backoff (the only
/// exception its retry filter acts on). The next attempt queries the gateway before sending anything.
/// </summary>
public sealed class OperationRetryException : Exception
{
    public OperationRetryException()
    {
    }

    public OperationRetryException(string message)
        : base(message)
    {
    }

    public OperationRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
