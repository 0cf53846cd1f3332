namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A date read from <see cref="Column"/> with the first of <see cref="Formats"/> (NodaTime patterns, invariant
/// culture) that fits. A pattern with a date and time gives the date as written (the acquirer's business
/// day); a pattern with an offset (<c>o&lt;G&gt;</c>) gives an instant, whose date is taken in <see cref="Zone"/>
/// (a TZDB id, UTC by default).
/// </summary>
public sealed record ProfileDate
{
    public required string Column { get; init; }

    public required IReadOnlyList<string> Formats { get; init; }

    public string? Zone { get; init; }
}
