using Settlement.Reconciliation.Files;

namespace Settlement.Worker.Ingestion;

/// <summary>Limits on what a file may hold (configuration section <c>Settlement:Files</c>).</summary>
public sealed class FileReadingOptions
{
    public const string Section = "Settlement:Files";

    /// <summary>The longest field read, in characters; a longer one is a line error naming its column, and memory stays bounded.</summary>
    public int MaxFieldLength { get; set; } = FileReadOptions.DefaultMaxFieldLength;
}
