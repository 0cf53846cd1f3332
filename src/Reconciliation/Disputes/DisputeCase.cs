using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>A dispute case: every event of one case id of one source, read as where the case stands now.</summary>
/// <param name="Source">The source whose files told the case.</param>
/// <param name="DisputeId">The case id.</param>
/// <param name="Stage">The latest event: where the dispute cycle is.</param>
/// <param name="Amount">The disputed amount, of the latest event that gave one.</param>
/// <param name="Brand">The card brand.</param>
/// <param name="PaymentId">The disputed payment, if an event named it.</param>
/// <param name="ReasonCode">The latest reason code given.</param>
/// <param name="ReasonText">The latest reason text given.</param>
/// <param name="ReplyBy">The latest reply-by date given; it only binds while the case is <see cref="DisputeOutcome.Open"/>.</param>
/// <param name="OpenedOn">The date of the case's first event.</param>
/// <param name="Outcome">Open, won or lost.</param>
/// <param name="DecidedOn">The date of the event that decided it; null while open.</param>
public sealed record DisputeCase(
    string Source,
    string DisputeId,
    ChargebackEventType Stage,
    Money? Amount,
    string Brand,
    string? PaymentId,
    string? ReasonCode,
    string? ReasonText,
    LocalDate? ReplyBy,
    LocalDate OpenedOn,
    DisputeOutcome Outcome,
    LocalDate? DecidedOn)
{
    /// <summary>Days from <paramref name="today"/> to the reply-by date (0 on the day itself, negative once passed); null when nothing is to be answered.</summary>
    public int? DaysLeft(LocalDate today) =>
        Outcome == DisputeOutcome.Open && ReplyBy is { } replyBy ? Period.DaysBetween(today, replyBy) : null;

    /// <summary>
    /// True while the case waits for an answer that is due within <paramref name="nearDays"/> days of
    /// <paramref name="today"/>, or overdue: what a person should do first.
    /// </summary>
    public bool IsDeadlineNear(LocalDate today, int nearDays) => DaysLeft(today) is { } left && left <= nearDays;
}
