namespace Settlement.Worker.RemoteSources;

/// <summary>Every configured SFTP source (section <c>Settlement:Sources</c>), by name.</summary>
public sealed class RemoteSourcesOptions
{
    public Dictionary<string, SourceOptions> Sources { get; } = new(StringComparer.Ordinal);
}
