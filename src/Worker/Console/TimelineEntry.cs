using NodaTime;

namespace Settlement.Worker.OperatorConsole;

/// <summary>One event of a payment's story: when, what kind (leg, operation, line, dispute, exception, audit), and what.</summary>
public sealed record TimelineEntry(Instant At, string Kind, string Title, string Detail, string? Link = null);
