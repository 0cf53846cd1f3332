namespace Settlement.Reconciliation.Disputes;

/// <summary>Where a dispute case stands for the merchant.</summary>
public enum DisputeOutcome
{
    /// <summary>Not decided: a retrieval request or a chargeback to answer, or a second chargeback that may go to arbitration.</summary>
    Open,

    /// <summary>The chargeback was reversed or arbitration ruled for the merchant.</summary>
    Won,

    /// <summary>Arbitration ruled for the cardholder.</summary>
    Lost,
}
