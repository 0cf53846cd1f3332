using NodaTime;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// A payment as the ledger knows it: the PA, DB or CD that started it and every successful backoffice
/// leg on it. Immutable; <see cref="BackofficeRules"/> decides what may be added, and balances are always
/// derived from the transactions, never kept apart from them.
/// </summary>
public sealed class Payment
{
    private readonly List<LedgerTransaction> _transactions;
    private readonly Dictionary<string, LedgerTransaction> _byId;

    public Payment(LedgerTransaction root, PaymentDetails details, IEnumerable<LedgerTransaction> legs)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(legs);
        if (!root.Type.StartsPayment())
        {
            throw new ArgumentException($"A payment starts with a PA, DB or CD, not {root.Type.ToCode()}.", nameof(root));
        }

        Root = root;
        Details = details ?? PaymentDetails.None;
        _transactions = [root, .. legs.Where(leg => leg.Id != root.Id).OrderBy(leg => leg.ProcessedAt)];
        _byId = _transactions.ToDictionary(transaction => transaction.Id, StringComparer.Ordinal);
    }

    public string Id => Root.Id;

    public LedgerTransaction Root { get; }

    public PaymentDetails Details { get; }

    public Currency Currency => Root.Currency;

    /// <summary>The root and its legs, oldest first.</summary>
    public IReadOnlyList<LedgerTransaction> Transactions => _transactions;

    public bool Succeeded => ResultCodeClassifier.IsSuccessful(Root.ResultCode);

    public bool IsReversed => _transactions.Any(transaction => transaction.Type == TransactionType.Reversal);

    public bool IsPreAuthorization => Root.Type == TransactionType.PreAuthorization;

    public Money Captured => Sum(TransactionType.Capture);

    /// <summary>What a PA still reserves: its amount less captures and the reversal. Zero for a DB or CD.</summary>
    public Money OpenAmount => IsPreAuthorization && Succeeded
        ? Root.Amount - Captured - Sum(TransactionType.Reversal)
        : Money.Zero(Currency);

    public PaymentBalances Balances
    {
        get
        {
            if (!Succeeded)
            {
                return PaymentBalances.Zero(Currency);
            }

            var zero = Money.Zero(Currency);
            return new PaymentBalances(
                Authorized: Root.Type == TransactionType.Credit ? zero : Root.Amount,
                Captured: Root.Type switch
                {
                    TransactionType.Debit => Root.Amount,
                    TransactionType.PreAuthorization => Captured,
                    _ => zero,
                },
                Open: OpenAmount,
                Reversed: Sum(TransactionType.Reversal),
                Refunded: Sum(TransactionType.Refund),
                ChargedBack: Sum(TransactionType.Chargeback),
                ChargebackReversed: Sum(TransactionType.ChargebackReversal),
                Rebilled: Sum(TransactionType.Rebill),
                PaidOut: Root.Type == TransactionType.Credit ? Root.Amount : zero);
        }
    }

    public LedgerTransaction? Find(string transactionId) => _byId.GetValueOrDefault(transactionId);

    /// <summary>Legs that reference the given transaction, oldest first.</summary>
    public IEnumerable<LedgerTransaction> LegsOn(string transactionId, TransactionType type) =>
        _transactions.Where(transaction => transaction.Type == type && transaction.ReferencedId == transactionId);

    /// <summary>What can still be refunded on a DB, CP or RB: its amount less its refunds.</summary>
    public Money RefundableOn(LedgerTransaction leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return leg.Amount - Money.Sum(LegsOn(leg.Id, TransactionType.Refund).Select(refund => refund.Amount), leg.Currency);
    }

    /// <summary>The leg's chargeback that has no reversal yet, if any.</summary>
    public LedgerTransaction? OpenChargebackOn(LedgerTransaction leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return LegsOn(leg.Id, TransactionType.Chargeback).FirstOrDefault(chargeback => !IsChargebackReversed(chargeback));
    }

    public bool IsChargebackReversed(LedgerTransaction chargeback)
    {
        ArgumentNullException.ThrowIfNull(chargeback);
        return LegsOn(chargeback.Id, TransactionType.ChargebackReversal).Any();
    }

    /// <summary>True when the PA lapsed at <paramref name="now"/>: its expiry is known and has passed.</summary>
    public bool IsExpiredAt(Instant now) => Details.ExpiresAt is { } expiresAt && now >= expiresAt;

    /// <summary>A new payment with one more transaction.</summary>
    public Payment With(LedgerTransaction transaction) => new(Root, Details, _transactions.Skip(1).Append(transaction));

    private Money Sum(TransactionType type) =>
        Money.Sum(_transactions.Where(transaction => transaction.Type == type).Select(transaction => transaction.Amount), Currency);
}
