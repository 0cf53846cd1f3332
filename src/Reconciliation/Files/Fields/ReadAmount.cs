namespace Settlement.Reconciliation.Files.Fields;

/// <summary>
/// An amount as read: signed minor units and, when a profile's rounding rule changed the value, what was written
/// and the rule (so the line can say so; a rounding is never silent).
/// </summary>
internal readonly record struct ReadAmount(long MinorUnits, string? RoundedFrom);
