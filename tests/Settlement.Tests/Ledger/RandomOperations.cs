using CsCheck;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Ledger;

/// <summary>Generators of random payments and random operation attempts on them, for property tests.</summary>
internal static class RandomOperations
{
    /// <summary>An attempt: an operation type, which existing transaction it targets (by index, wrapped), and an amount.</summary>
    public sealed record Attempt(TransactionType Type, int TargetIndex, long MinorUnits, bool WrongCurrency, bool TargetAmount);

    public sealed record Scenario(TransactionType RootType, Currency Currency, long RootMinorUnits, IReadOnlyList<Attempt> Attempts)
    {
        public override string ToString() =>
            $"{RootType.ToCode()} {RootMinorUnits} {Currency}: " + string.Join(", ", Attempts.Select(a => $"{a.Type.ToCode()}@{a.TargetIndex}:{a.MinorUnits}{(a.TargetAmount ? "=" : string.Empty)}{(a.WrongCurrency ? "!" : string.Empty)}"));
    }

    private static readonly TransactionType[] Operations =
    [
        TransactionType.Capture, TransactionType.Reversal, TransactionType.Refund, TransactionType.Chargeback,
        TransactionType.ChargebackReversal, TransactionType.Rebill,
    ];

    private static readonly Currency[] Currencies = [Currency.Eur, Currency.Jpy, Currency.Bhd];

    public static readonly Gen<Attempt> AttemptGen =
        from type in Gen.OneOf(Operations)
        from target in Gen.Int[0, 20]
        from minor in Gen.Long[0, 12_000]
        from wrongCurrency in Gen.Int[0, 19].Select(i => i == 0)
        from targetAmount in Gen.Bool
        select new Attempt(type, target, minor, wrongCurrency, targetAmount);

    public static readonly Gen<Scenario> ScenarioGen =
        from rootType in Gen.OneOf(TransactionType.PreAuthorization, TransactionType.Debit, TransactionType.Credit)
        from currency in Gen.OneOf(Currencies)
        from rootMinor in Gen.Long[1, 10_000]
        from attempts in AttemptGen.List[1, 40]
        select new Scenario(rootType, currency, rootMinor, attempts);

    /// <summary>Turns an attempt into a request against the payment as it stands (targets wrap over its transactions).</summary>
    public static OperationRequest ToRequest(Attempt attempt, Payment payment, int sequence)
    {
        var target = payment.Transactions[attempt.TargetIndex % payment.Transactions.Count];
        var currency = attempt.WrongCurrency ? (payment.Currency == Currency.Usd ? Currency.Eur : Currency.Usd) : payment.Currency;
        // Half the attempts reuse the target's amount, so full captures, full refunds and chargeback reversals happen.
        var minorUnits = attempt.TargetAmount ? target.Amount.MinorUnits : attempt.MinorUnits;
        Money? amount = attempt.Type == TransactionType.Reversal ? null : new Money(minorUnits, currency);
        return new OperationRequest($"{payment.Id}-t{sequence}", attempt.Type, target.Id, amount, LedgerFixtures.Start, LedgerFixtures.Success);
    }
}
