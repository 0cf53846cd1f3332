using Settlement.Reconciliation.Files;

namespace Settlement.Worker.Ingestion;

/// <summary>Format profiles and file reading (configuration sections <c>Settlement:Profiles</c> and <c>Settlement:Files</c>).</summary>
public sealed class FormatProfileOptions
{
    public const string Section = "Settlement:Profiles";

    /// <summary>The folder of user profiles (<c>*.json</c>) read at start-up beside the shipped ones; relative: under the data folder.</summary>
    public string Folder { get; set; } = "profiles";
}

/// <summary>Limits on what a file may hold (configuration section <c>Settlement:Files</c>).</summary>
public sealed class FileReadingOptions
{
    public const string Section = "Settlement:Files";

    /// <summary>The longest field read, in characters; a longer one is a line error naming its column, and memory stays bounded.</summary>
    public int MaxFieldLength { get; set; } = FileReadOptions.DefaultMaxFieldLength;
}
