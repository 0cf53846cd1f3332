namespace Settlement.Worker.DropFolder;

/// <summary>The drop folder (configuration section <c>Settlement:DropFolder</c>). Relative paths are under the data folder.</summary>
public sealed class DropFolderOptions
{
    public const string Section = "Settlement:DropFolder";

    /// <summary>The marker a sender writes beside a finished file: <c>&lt;name&gt;.done</c>.</summary>
    public const string DoneMarkerSuffix = ".done";

    /// <summary>Where acquirer files arrive.</summary>
    public string Inbox { get; set; } = "inbox";

    /// <summary>Where processed files go, in a folder per business day: <c>archive/2026-11-25/</c>.</summary>
    public string Archive { get; set; } = "archive";

    /// <summary>Where unreadable files go, each with <c>&lt;name&gt;.error.txt</c> beside it.</summary>
    public string Quarantine { get; set; } = "quarantine";

    /// <summary>A file is taken once its size and modification time held still this long (senders write in place).</summary>
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Take a file only once <c>&lt;name&gt;.done</c> exists beside it (for senders that write a marker).</summary>
    public bool RequireDoneMarker { get; set; }

    /// <summary>How often the folder is scanned in addition to file-system events, which network shares do not always send.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(15);
}
