namespace Settlement.Reconciliation.Disputes;

/// <summary>Where a brand's chargeback ratio of a month stands against its thresholds.</summary>
public enum RatioLevel
{
    /// <summary>Below the warning level.</summary>
    Below,

    /// <summary>At or above the warning level, below the threshold: time to act before the scheme does.</summary>
    Warning,

    /// <summary>At or above the threshold.</summary>
    Over,
}
