using NodaTime;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// What a pull needs to know of a source besides how to connect: where its files are, which of them to take, how
/// the source says a file is complete, and what to do with a file once it was taken.
/// </summary>
/// <param name="Name">The source's name (lower case, digits and dashes): in the rows, metrics, logs and commands.</param>
/// <param name="RemoteFolder">The folder on the server that is listed.</param>
/// <param name="Pattern">Which names in it are files to take.</param>
/// <param name="DoneMarkerSuffix">When set (<c>.done</c>), a file is taken only once <c>&lt;name&gt;&lt;suffix&gt;</c> is there too.</param>
/// <param name="ChecksumSuffix">When set (<c>.sha256</c>) and <c>&lt;name&gt;&lt;suffix&gt;</c> is there, the download must have that SHA-256.</param>
/// <param name="AfterTaken">Leave, move or delete the remote file once taken.</param>
/// <param name="MoveTo">The server folder files are moved to, for <see cref="AfterTaken.Move"/>.</param>
/// <param name="StableFor">The wait between the two listings of a run: a file whose size or time changed in between is still being written.</param>
public sealed record RemoteSource(
    string Name,
    string RemoteFolder,
    FileNamePattern Pattern,
    string? DoneMarkerSuffix,
    string? ChecksumSuffix,
    AfterTaken AfterTaken,
    string? MoveTo,
    Duration StableFor)
{
    /// <summary>The remote path of a file named <paramref name="name"/> in the source's folder.</summary>
    public string PathOf(string name) => RemotePath.Combine(RemoteFolder, name);
}
