namespace Settlement.Worker.Database;

/// <summary>A folder the worker needs cannot be used; the message names the folder, its setting and why, in one line.</summary>
public sealed class FolderAccessException : Exception
{
    public FolderAccessException(string path, string setting, string reason)
        : base($"cannot use the folder {path} ({setting}): {reason}")
    {
    }

    public FolderAccessException()
    {
    }

    public FolderAccessException(string message)
        : base(message)
    {
    }

    public FolderAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
