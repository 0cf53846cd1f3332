namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// The card brand a sale or a chargeback counts under in the chargeback ratio. Files spell brands as they like
/// ("VISA", "Visa", "MASTERCARD", "MASTER"): the ratio groups them by one name each, upper case, with Mastercard as
/// <c>MASTER</c> (the gateway's spelling). Where neither the line nor its payment names a brand it counts as
/// <see cref="Unknown"/>, so its sales and chargebacks are still seen.
/// </summary>
public static class CardBrand
{
    public const string Unknown = "UNKNOWN";

    public static string Of(string? written)
    {
        var brand = written?.Trim().ToUpperInvariant();
        return brand switch
        {
            null or "" => Unknown,
            "MASTERCARD" or "MC" => "MASTER",
            "AMERICAN EXPRESS" or "AMERICAN_EXPRESS" => "AMEX",
            _ => brand,
        };
    }
}
