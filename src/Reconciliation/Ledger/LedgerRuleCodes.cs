namespace Settlement.Reconciliation.Ledger;

/// <summary>The gateway result code answered for each broken <see cref="LedgerRule"/> (docs/gateway-api.md).</summary>
public static class LedgerRuleCodes
{
    public static string GatewayResultCode(this LedgerRule rule) => rule switch
    {
        LedgerRule.ReferenceNotFound => "700.100.100",
        LedgerRule.ReferenceNotSuccessful => "700.300.200",
        LedgerRule.CurrencyMismatch => "700.100.500",
        // (ours) the amount group of invalid requests.
        LedgerRule.AmountNotPositive => "100.550.300",
        LedgerRule.CaptureNeedsPreAuthorization => "700.400.510",
        LedgerRule.CaptureExceedsOpenAmount => "700.400.100",
        LedgerRule.CaptureAfterReversal => "700.400.100",
        LedgerRule.CaptureAfterExpiry => "700.300.400",
        LedgerRule.ReversalNeedsPreAuthorization => "700.400.530",
        LedgerRule.AlreadyReversed => "700.400.300",
        LedgerRule.NothingOpenToReverse => "700.300.300",
        LedgerRule.ReversalAmountDiffersFromOpenAmount => "100.550.300",
        LedgerRule.RefundNeedsCapturedLeg => "700.400.520",
        LedgerRule.RefundExceedsRefundable => "700.400.200",
        LedgerRule.OpenChargebackBlocksRefundOrReversal => "700.300.600",
        LedgerRule.ChargebackNeedsCapturedLeg => "700.400.550",
        LedgerRule.ChargebackAlreadyOpen => "700.400.400",
        LedgerRule.ChargebackReversalNeedsChargeback => "700.400.420",
        LedgerRule.ChargebackAlreadyReversed => "700.400.410",
        LedgerRule.ChargebackReversalAmountDiffers => "100.550.300",
        // (ours) the gateway documents no specific code; a rebill on an uncaptured payment refers to nothing billable.
        LedgerRule.RebillNeedsCapturedPayment => "700.300.200",
        LedgerRule.PaymentMustStartWithPaDbOrCd => "200.300.404",
        LedgerRule.OperationNeedsReference => "200.300.404",
        LedgerRule.TransactionIdReusedWithOtherContent => "200.300.404",
        LedgerRule.ResultNotSuccessful => "200.300.404",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown ledger rule."),
    };
}
