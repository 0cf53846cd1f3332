namespace Settlement.Worker.Commands;

/// <summary><c>sources list [--json]</c>: every configured SFTP source, its settings (no secrets) and how it last went.</summary>
public sealed record SourcesListCommand(bool Json) : WorkerCommand;
