using NodaTime;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>
/// How long a case of each kind may stay open before it is late: a team's service level, per kind code, with a
/// default for the kinds not named. A case is <see cref="CaseAgeing.Due"/> in the last quarter of its time.
/// </summary>
public sealed class ExceptionSla(IReadOnlyDictionary<string, Duration> perKind, Duration fallback)
{
    public Duration Fallback => fallback;

    public IReadOnlyDictionary<string, Duration> PerKind => perKind;

    public Duration For(string kind) => perKind.TryGetValue(kind, out var sla) ? sla : fallback;

    /// <summary>Where an open case raised at <paramref name="raisedAt"/> stands at <paramref name="now"/>.</summary>
    public CaseAgeing AgeingOf(string kind, Instant raisedAt, Instant now)
    {
        var sla = For(kind);
        var age = now - raisedAt;
        return age >= sla ? CaseAgeing.Late : age >= sla * 0.75 ? CaseAgeing.Due : CaseAgeing.InTime;
    }
}
