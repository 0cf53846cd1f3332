namespace Settlement.Reconciliation.Operations;

/// <summary>
/// An operation in a person's words, as its Hangfire job is titled on the dashboard and its exception cases begin:
/// the kind, the amount and currency, the payment and the merchant's reference, e.g.
/// <c>CP capture 30.00 EUR on payment 8ac7a4a19f9853b3f13444197bd1c8ee (ORD-1003)</c>.
/// </summary>
public static class OperationTitle
{
    /// <param name="operation">The operation.</param>
    /// <param name="paymentId">The payment of the transaction it references, when the ledger knows it.</param>
    /// <param name="merchantReference">That payment's merchant reference (order number), when it has one.</param>
    public static string For(Operation operation, string? paymentId, string? merchantReference)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var amount = operation.Amount?.ToString() ?? $"the open amount ({operation.Currency.Code})";
        var what = $"{Ledger.TransactionTypeCode.ToCode(operation.Kind)} {OperationKinds.NameOf(operation.Kind)} {amount}";
        var on = operation.ReferencedId is null ? " (a payout)"
            : paymentId is null || paymentId == operation.ReferencedId ? $" on payment {operation.ReferencedId}"
            : $" on {operation.ReferencedId} of payment {paymentId}";
        var reference = string.IsNullOrWhiteSpace(merchantReference) ? string.Empty : $" ({merchantReference})";
        return what + on + reference;
    }
}
