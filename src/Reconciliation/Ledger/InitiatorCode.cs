namespace Settlement.Reconciliation.Ledger;

/// <summary>The lower-case names files and the database use for <see cref="Initiator"/>.</summary>
public static class InitiatorCode
{
    public static string ToCode(this Initiator initiator) => initiator switch
    {
        Initiator.Customer => "customer",
        Initiator.Merchant => "merchant",
        _ => throw new ArgumentOutOfRangeException(nameof(initiator), initiator, "Unknown initiator."),
    };

    /// <summary>Blank means customer, the files' default.</summary>
    public static bool TryParse(string? code, out Initiator initiator)
    {
        Initiator? parsed = code?.Trim().ToLowerInvariant() switch
        {
            "customer" or "" or null => Initiator.Customer,
            "merchant" => Initiator.Merchant,
            _ => null,
        };
        initiator = parsed ?? Initiator.Customer;
        return parsed is not null;
    }

    /// <summary>An initiator read back from the database, where a check constraint admits only the two codes.</summary>
    public static Initiator FromStored(string? code) =>
        TryParse(code, out var initiator) ? initiator : throw new InvalidOperationException($"Stored initiator '{code}' is not customer or merchant.");
}
