namespace Settlement.Reconciliation.Ledger;

/// <summary>
/// The gateway's payment types. PA, DB and CD start a payment; the others are backoffice operations
/// that reference an earlier transaction of the same payment.
/// </summary>
public enum TransactionType
{
    /// <summary>PA: reserves funds; expires after a scheme-dependent window.</summary>
    PreAuthorization,

    /// <summary>DB: authorizes and captures in one step.</summary>
    Debit,

    /// <summary>CD: a stand-alone payout to a shopper.</summary>
    Credit,

    /// <summary>CP on a PA: moves all or part of the reserved amount.</summary>
    Capture,

    /// <summary>RV on a PA: releases the whole open amount; nothing can be captured after it.</summary>
    Reversal,

    /// <summary>RF on a DB, CP or RB: returns all or part of what that leg took.</summary>
    Refund,

    /// <summary>CB on a DB, CP or RB: the issuer pulled the funds back after a dispute.</summary>
    Chargeback,

    /// <summary>CR on a CB: the merchant won the representment; the chargeback's funds come back.</summary>
    ChargebackReversal,

    /// <summary>RB on a DB or a captured PA: an additional charge on top of what was captured.</summary>
    Rebill,
}
