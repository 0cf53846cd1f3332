using NodaTime;

namespace Settlement.Worker.Commands;

/// <summary><c>report [--date YYYY-MM-DD] [--json]</c>: the reconciliation report, for one settlement date or all.</summary>
public sealed record ReportCommand(LocalDate? Date, bool Json) : WorkerCommand;
