namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// A source could not be used. <see cref="Exception.Message"/> is the one-line reason an operator reads (in the
/// exception case, the health entry and the command's error); it never carries a password or key material.
/// </summary>
public sealed class RemoteSourceException : Exception
{
    public RemoteSourceException(RemoteFailureKind kind, string reason, Exception? innerException = null)
        : base(reason, innerException) => Kind = kind;

    public RemoteSourceException()
        : this(RemoteFailureKind.Unreachable, "the source could not be used")
    {
    }

    public RemoteSourceException(string message)
        : this(RemoteFailureKind.Unreachable, message)
    {
    }

    public RemoteSourceException(string message, Exception innerException)
        : this(RemoteFailureKind.Unreachable, message, innerException)
    {
    }

    public RemoteFailureKind Kind { get; }
}
