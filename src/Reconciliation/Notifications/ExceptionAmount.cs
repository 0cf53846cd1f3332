using NodaTime;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Notifications;

/// <summary>An open exception case with the amount it is about (its line's, its dispute's, its operation's or its leg's).</summary>
public sealed record ExceptionAmount(long Id, string Kind, string Subject, string Summary, Instant RaisedAt, Money Amount);
