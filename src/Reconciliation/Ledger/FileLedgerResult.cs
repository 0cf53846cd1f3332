namespace Settlement.Reconciliation.Ledger;

/// <summary>What a transactions file did to the ledger.</summary>
/// <param name="Recorded">Payments and legs recorded now.</param>
/// <param name="AlreadyKnown">Transactions the ledger had already, with the same content.</param>
/// <param name="Skipped">Declined backoffice operations: facts of the export that moved no money.</param>
/// <param name="Rejections">Lines the ledger's rules refused, each with its rule and message.</param>
public sealed record FileLedgerResult(long Recorded, long AlreadyKnown, long Skipped, IReadOnlyList<(long LineNumber, string TransactionId, Rejection Rejection)> Rejections);
