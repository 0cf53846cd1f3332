namespace Settlement.Reconciliation.Files;

/// <summary>A file that cannot be read at all, with a message that says why in one line.</summary>
public sealed record FileRejection(FileRejectionReason Reason, string Message)
{
    public override string ToString() => Message;
}
