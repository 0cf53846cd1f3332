namespace Settlement.Reconciliation.Ledger;

/// <summary>A transaction the ledger accepted, with the warnings it was recorded under.</summary>
/// <param name="Transaction">The recorded transaction.</param>
/// <param name="Warnings">What a person should look at (e.g. a chargeback on a refunded amount).</param>
/// <param name="AlreadyRecorded">True when the same transaction had been recorded before: nothing changed.</param>
public sealed record AppliedOperation(LedgerTransaction Transaction, IReadOnlyList<LedgerWarning> Warnings, bool AlreadyRecorded = false);
