namespace Settlement.Reconciliation.Files;

/// <summary>The four canonical file kinds of docs/formats.md, recognised from a file's header, never from its name.</summary>
public enum FileKind
{
    /// <summary>Payments known to the gateway (a transaction-report export).</summary>
    Transactions,

    /// <summary>What the acquirer paid out or took back.</summary>
    Settlement,

    /// <summary>Dispute events: retrievals, chargebacks, reversals, arbitration.</summary>
    Chargebacks,

    /// <summary>Final amounts that close estimated authorizations.</summary>
    FinalAmounts,
}
