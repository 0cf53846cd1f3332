using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>
/// How large a rebill may be before a person must approve it: a share of the authorized amount and, per
/// currency, an absolute amount. A rebill above either waits. A currency without an absolute cap is held to the
/// percentage alone.
/// </summary>
/// <param name="Percent">Whole percent of the authorized amount, e.g. 20: a rebill of more than 20 % waits.</param>
/// <param name="Absolute">The largest rebill per currency that goes without approval.</param>
public sealed record RebillCap(int Percent, IReadOnlyDictionary<Currency, Money> Absolute)
{
    /// <summary>Why <paramref name="rebill"/> on a payment authorized for <paramref name="authorized"/> needs approval, or null when it does not.</summary>
    public string? Exceeded(Money rebill, Money authorized)
    {
        // Truncated towards zero: the cap never lets through more than the percentage allows.
        var share = new Money(checked(authorized.MinorUnits * Percent / 100), authorized.Currency);
        if (rebill > share)
        {
            return $"rebill {rebill} exceeds the cap of {Percent} % of the authorized {authorized} ({share})";
        }

        return Absolute.TryGetValue(rebill.Currency, out var absolute) && rebill > absolute
            ? $"rebill {rebill} exceeds the absolute cap of {absolute}"
            : null;
    }
}
