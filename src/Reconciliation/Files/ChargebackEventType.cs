namespace Settlement.Reconciliation.Files;

/// <summary>The step of the dispute cycle a chargeback-file line reports (the event column).</summary>
public enum ChargebackEventType
{
    /// <summary>RETRIEVAL_REQUEST: the issuer asks for documents; no money moves.</summary>
    RetrievalRequest,

    /// <summary>CHARGEBACK: the disputed amount is debited.</summary>
    Chargeback,

    /// <summary>CHARGEBACK_REVERSAL: the merchant won the representment; the amount comes back.</summary>
    ChargebackReversal,

    /// <summary>SECOND_CHARGEBACK: pre-arbitration lost; debited again.</summary>
    SecondChargeback,

    /// <summary>ARBITRATION_WON: the scheme ruled for the merchant.</summary>
    ArbitrationWon,

    /// <summary>ARBITRATION_LOST: the scheme ruled for the cardholder.</summary>
    ArbitrationLost,
}
