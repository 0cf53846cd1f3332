using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// A payment's balances, each the sum of its successful legs of one kind. Amounts are gross: a
/// chargeback that was later reversed still counts in <see cref="ChargedBack"/> and its reversal in
/// <see cref="ChargebackReversed"/>.
/// </summary>
public sealed record PaymentBalances(
    Money Authorized,
    Money Captured,
    Money Open,
    Money Reversed,
    Money Refunded,
    Money ChargedBack,
    Money ChargebackReversed,
    Money Rebilled,
    Money PaidOut)
{
    public static PaymentBalances Zero(Currency currency)
    {
        var zero = Money.Zero(currency);
        return new PaymentBalances(zero, zero, zero, zero, zero, zero, zero, zero, zero);
    }
}
