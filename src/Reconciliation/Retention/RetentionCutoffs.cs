using NodaTime;

namespace Settlement.Reconciliation.Retention;

/// <summary>
/// The instants before which each kind of data may be deleted (see <see cref="RetentionPolicy"/>); legs processed
/// before <c>NotAgedBefore</c> are outside missing-settlement aging.
/// </summary>
public sealed record RetentionCutoffs(Instant AcquirerLines, Instant FinishedOperations, Instant ResolvedExceptions, Instant JobRuns, Instant NotAgedBefore);
