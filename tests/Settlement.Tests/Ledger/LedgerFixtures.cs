using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Ledger;

/// <summary>Small builders for payments and operations in tests.</summary>
internal static class LedgerFixtures
{
    public const string Success = "000.100.110";

    public static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 14, 0);

    public static Money Eur(string amount) => Money.Parse(amount, Currency.Eur).Value;

    public static Money Amount(string amount, Currency currency) => Money.Parse(amount, currency).Value;

    public static Payment Started(TransactionType type, string id, Money amount, PaymentDetails? details = null, string resultCode = Success) =>
        BackofficeRules.Start(new NewPayment(id, type, amount, Start, resultCode, Details: details)).Value;

    public static OperationRequest Operation(TransactionType type, string id, string referencedId, Money? amount) =>
        new(id, type, referencedId, amount, Start + Duration.FromMinutes(1), Success);

    /// <summary>Applies the operation and returns the payment with its leg; fails the test if it was refused.</summary>
    public static Payment Then(this Payment payment, TransactionType type, string id, string referencedId, Money? amount)
    {
        var result = BackofficeRules.Apply(payment, Operation(type, id, referencedId, amount), Start + Duration.FromHours(1));
        Assert.True(result.IsSuccess, result.IsFailure ? result.Error.Message : null);
        return payment.With(result.Value.Transaction);
    }

    public static Rejection Refused(this Payment payment, TransactionType type, string id, string referencedId, Money? amount, Instant? now = null)
    {
        var result = BackofficeRules.Apply(payment, Operation(type, id, referencedId, amount), now ?? Start + Duration.FromHours(1));
        Assert.True(result.IsFailure, "expected a rejection");
        return result.Error;
    }
}
