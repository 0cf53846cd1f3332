namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>A named set of merchant category codes that share an authorization window (lodging, car rental).</summary>
public sealed record MccGroup(string Name, IReadOnlyList<MccRange> Ranges)
{
    public bool Contains(int mcc) => Ranges.Any(range => range.Contains(mcc));
}
