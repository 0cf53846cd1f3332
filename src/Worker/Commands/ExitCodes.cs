namespace Settlement.Worker.Commands;

/// <summary>
/// The exit codes of every command, the same for all of them so that a script can tell what to look at
/// (documented in docs/command-line.md).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Nothing or not all was done and the fix is in the command line, a setting or the worker's surroundings: a
    /// usage error, an invalid setting, an unusable data folder or database, a request the ledger refuses.
    /// </summary>
    public const int UsageOrConfiguration = 1;

    /// <summary>An input file or folder named on the command line is bad: missing, unreadable, empty, or quarantined.</summary>
    public const int BadInput = 2;

    /// <summary>A fault of the worker itself (a bug): one line says so, the stack trace goes to a file.</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl-C stopped the command (128 + SIGINT, as shells report it); what it was doing was rolled back.</summary>
    public const int Interrupted = 130;
}
