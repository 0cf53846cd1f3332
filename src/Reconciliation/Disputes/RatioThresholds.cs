namespace Settlement.Reconciliation.Disputes;

/// <summary>The chargeback-ratio thresholds per card brand, with one for the brands not named.</summary>
public sealed class RatioThresholds(IReadOnlyDictionary<string, RatioThreshold> byBrand, RatioThreshold otherBrands)
{
    private readonly Dictionary<string, RatioThreshold> _byBrand =
        byBrand.ToDictionary(pair => CardBrand.Of(pair.Key), pair => pair.Value, StringComparer.Ordinal);

    public RatioThreshold OtherBrands { get; } = otherBrands;

    public RatioThreshold For(string brand) => _byBrand.GetValueOrDefault(CardBrand.Of(brand)) ?? OtherBrands;
}
