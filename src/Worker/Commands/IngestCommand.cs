namespace Settlement.Worker.Commands;

/// <summary><c>ingest &lt;file-or-folder&gt;... [--json]</c>: runs the drop folder's pipeline on the named files now.</summary>
public sealed record IngestCommand(IReadOnlyList<string> Paths, bool Json) : WorkerCommand;
