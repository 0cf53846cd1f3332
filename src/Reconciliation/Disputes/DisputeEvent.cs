using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>One stored event of a dispute case, as the acquirer's file told it, with the card brand it was found under.</summary>
/// <param name="Source">The file's source (canonical or a profile's name): a case id is unique within its source.</param>
/// <param name="DisputeId">The case id.</param>
/// <param name="Event">The step of the dispute cycle.</param>
/// <param name="EventDate">When the acquirer says it happened.</param>
/// <param name="Amount">The disputed amount; none on a retrieval request.</param>
/// <param name="Brand">The card brand: the event's scheme, else the disputed payment's card brand (<see cref="CardBrand.Of"/>).</param>
/// <param name="PaymentId">The disputed payment as the event names it, if it does.</param>
/// <param name="ReasonCode">The scheme's reason code.</param>
/// <param name="ReasonText">The reason in words.</param>
/// <param name="ReplyBy">The date by which the merchant must answer.</param>
public sealed record DisputeEvent(
    string Source,
    string DisputeId,
    ChargebackEventType Event,
    LocalDate EventDate,
    Money? Amount,
    string Brand,
    string? PaymentId,
    string? ReasonCode,
    string? ReasonText,
    LocalDate? ReplyBy);
