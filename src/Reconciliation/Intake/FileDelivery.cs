using NodaTime;

namespace Settlement.Reconciliation.Intake;

/// <summary>
/// One delivery as the files page shows it: its intake record, where it went (archive or quarantine), the format
/// (canonical or a profile's name) its lines were read with, and its settlement lines per matching outcome.
/// </summary>
public sealed record FileDelivery(
    IntakeFile File,
    string? MovedTo,
    string? Source,
    long? LinesDuplicate,
    IReadOnlyDictionary<string, long> Outcomes)
{
    public Duration? Took => File.FinishedAt is { } finished ? finished - File.ClaimedAt : null;
}
