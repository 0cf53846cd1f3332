namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>What the sign of a report's amount means.</summary>
internal enum AmountDirection
{
    /// <summary>Nothing: the magnitude is taken and the record type gives the direction.</summary>
    Magnitude,

    /// <summary>A positive value is money to the merchant, a negative one money taken.</summary>
    Credit,

    /// <summary>A positive value is money taken from the merchant (fees and deductions written positive).</summary>
    Debit,
}
