namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// Every rule of the ledger that can refuse an operation (docs/ledger-rules.md). Each maps to the result code the
/// gateway answers for the same broken rule, so the simulator and the ledger speak alike.
/// </summary>
public enum LedgerRule
{
    ReferenceNotFound,
    ReferenceNotSuccessful,
    CurrencyMismatch,
    AmountNotPositive,
    CaptureNeedsPreAuthorization,
    CaptureExceedsOpenAmount,
    CaptureAfterReversal,
    CaptureAfterExpiry,
    ReversalNeedsPreAuthorization,
    AlreadyReversed,
    NothingOpenToReverse,
    ReversalAmountDiffersFromOpenAmount,
    RefundNeedsCapturedLeg,
    RefundExceedsRefundable,
    OpenChargebackBlocksRefundOrReversal,
    ChargebackNeedsCapturedLeg,
    ChargebackAlreadyOpen,
    ChargebackReversalNeedsChargeback,
    ChargebackAlreadyReversed,
    ChargebackReversalAmountDiffers,
    RebillNeedsCapturedPayment,
    PaymentMustStartWithPaDbOrCd,
    OperationNeedsReference,
    TransactionIdReusedWithOtherContent,
    ResultNotSuccessful,
}
