namespace Settlement.Reconciliation.Intake;

/// <summary>
/// The instance's claim on a file was taken over (its lease expired, so another instance believed it dead):
/// whatever it was about to commit for that file must be rolled back, because the other instance does it.
/// </summary>
public sealed class ClaimLostException : Exception
{
    public ClaimLostException()
    {
    }

    public ClaimLostException(string message)
        : base(message)
    {
    }

    public ClaimLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
