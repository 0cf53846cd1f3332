namespace Settlement.Worker.Commands;

/// <summary>The command line could not be understood; <see cref="Message"/> says what to fix in one line.</summary>
public sealed record UsageError(string Message) : WorkerCommand;
