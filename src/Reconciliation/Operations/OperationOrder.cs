using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Operations;

/// <summary>What someone asks for, before it is checked: an operation kind on a transaction, with an optional amount.</summary>
/// <param name="Kind">CP, RV, RF, RB, CB, CR or CD (payout).</param>
/// <param name="ReferencedId">The gateway id operated on; null for a payout.</param>
/// <param name="Amount">The amount; when left out, the natural one is taken (the open amount for a capture, the
/// refundable amount for a refund, the leg's amount for a chargeback, the chargeback's for its reversal).
/// A reversal never has one; a rebill and a payout always need one.</param>
/// <param name="ReasonCode">The scheme's reason code of a chargeback.</param>
/// <param name="RequestedBy">The operator, rule or file asking.</param>
public sealed record OperationOrder(TransactionType Kind, string? ReferencedId, Money? Amount, string? ReasonCode, AuditActor RequestedBy);
