namespace Settlement.Worker.Commands;

/// <summary><c>exceptions resolve &lt;id&gt; --note "…" [--by NAME]</c>: closes a case, saying who and why.</summary>
public sealed record ResolveExceptionCommand(long Id, string Note, string ResolvedBy) : WorkerCommand;
