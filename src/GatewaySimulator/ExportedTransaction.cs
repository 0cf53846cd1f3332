using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator;

/// <summary>
/// A transaction the gateway processed without the simulator answering it: a line of the merchant's transactions
/// export (the worker's <c>transactions</c> file). The simulator learns it so that later operations on it find
/// their reference (<see cref="SimulatorStore.LearnAsync"/>).
/// </summary>
/// <param name="Id">The gateway's id of the transaction.</param>
/// <param name="Type">PA, DB, CD or a backoffice operation.</param>
/// <param name="ReferencedId">The transaction a backoffice operation references; null for PA, DB, CD.</param>
/// <param name="Amount">Its amount.</param>
/// <param name="ProcessedAt">When the gateway processed it.</param>
/// <param name="ResultCode">What the gateway answered; only a successful code makes it part of the payment.</param>
/// <param name="MerchantTransactionId">The merchant's reference, which the query API finds it by.</param>
/// <param name="Details">Card and authorization facts of a PA, DB or CD (they decide a PA's window).</param>
public sealed record ExportedTransaction(
    string Id,
    TransactionType Type,
    string? ReferencedId,
    Money Amount,
    Instant ProcessedAt,
    string ResultCode,
    string? MerchantTransactionId,
    PaymentDetails Details);
