using Settlement.Reconciliation.Disputes;

namespace Settlement.Worker.Disputes;

/// <summary>One brand's entry of <c>Settlement:Disputes:RatioThresholds</c>: shares, 0.009 for 0.9 %.</summary>
public sealed class RatioLevels
{
    public decimal Warning { get; set; }

    public decimal Threshold { get; set; }

    public RatioThreshold ToThreshold() => new(Warning, Threshold);
}
