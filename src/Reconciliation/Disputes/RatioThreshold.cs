namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// A brand's chargeback-ratio threshold and the lower level at which to warn, as shares (0.009 for 0.9 %). A ratio
/// at or above a level is at that level.
/// </summary>
public sealed record RatioThreshold(decimal Warning, decimal Threshold)
{
    public RatioLevel LevelOf(decimal ratio) =>
        ratio >= Threshold ? RatioLevel.Over : ratio >= Warning ? RatioLevel.Warning : RatioLevel.Below;
}
