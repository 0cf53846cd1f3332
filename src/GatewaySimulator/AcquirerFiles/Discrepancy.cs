using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>One injected discrepancy, and where it is.</summary>
/// <param name="Kind">What was injected.</param>
/// <param name="File"><c>settlement</c> or <c>chargebacks</c>.</param>
/// <param name="LineNumber">The physical line in that file (the header is line 1); null for a missing line.</param>
/// <param name="LineId">The settlement line_id or the chargeback dispute_id written; null for a missing line.</param>
/// <param name="TransactionId">The gateway transaction concerned.</param>
/// <param name="Expected">What the gateway's state says (the transaction's amount); null for extra events.</param>
/// <param name="Written">What the file says.</param>
/// <param name="Detail">In words.</param>
public sealed record Discrepancy(
    DiscrepancyKind Kind,
    string File,
    long? LineNumber,
    string? LineId,
    string TransactionId,
    Money? Expected,
    Money? Written,
    string Detail);
