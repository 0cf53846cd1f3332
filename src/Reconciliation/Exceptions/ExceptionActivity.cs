using NodaTime;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>One entry of a case's thread: an assignment, a comment or the resolution, by whom and when.</summary>
/// <param name="Id">The entry's id, in the order entries were made.</param>
/// <param name="ExceptionId">The case.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Actor">Who: the console's user, or the command line's.</param>
/// <param name="Action"><c>assigned</c>, <c>unassigned</c>, <c>commented</c> or <c>resolved</c>.</param>
/// <param name="Body">The comment, the assignee, or the resolution's note.</param>
public sealed record ExceptionActivity(long Id, long ExceptionId, Instant OccurredAt, string Actor, string Action, string Body);
