namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>A row above the data that keeps values for the rows below it (a currency in a preamble, a payout id in a summary).</summary>
internal sealed record CarryRule(RowCondition When, RowLayout? Layout, IReadOnlyDictionary<string, ProfileValue> Set);
