namespace Settlement.Reconciliation.Notifications;

/// <summary>A notification as decided, before it is stored: its identity (kind and subject), what a person reads, and its fields.</summary>
/// <param name="Kind">One of <see cref="NotificationKind"/>.</param>
/// <param name="Subject">What it is about, unique within the kind: deciding the same one again is a no-op.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Data">The kind's fields, as a JSON object.</param>
public sealed record DecidedNotification(string Kind, string Subject, string Summary, string Data);
