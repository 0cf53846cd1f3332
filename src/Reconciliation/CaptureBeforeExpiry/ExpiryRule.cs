using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// One row of the expiry policy: how long an authorization of a card brand, authorization kind, MCC group and
/// initiator stays valid, and what to do before it lapses. A null criterion matches anything.
/// </summary>
/// <param name="Brand">The card brand as files name it (VISA, MASTER, AMEX, DISCOVER…); null: any brand.</param>
/// <param name="Kind">The authorization kind; null: any kind.</param>
/// <param name="MccGroup">The name of an <see cref="CaptureBeforeExpiry.MccGroup"/>; null: any MCC.</param>
/// <param name="InitiatedBy">Customer- or merchant-initiated; null: either.</param>
/// <param name="ValidityDays">Days from the authorization to its expiry.</param>
/// <param name="Action">Capture or reverse when due.</param>
public sealed record ExpiryRule(string? Brand, AuthorizationKind? Kind, string? MccGroup, Initiator? InitiatedBy, int ValidityDays, ExpiryAction Action = ExpiryAction.Capture)
{
    /// <summary>
    /// Which rule wins when several match, compared criterion by criterion: a row naming the MCC group beats any
    /// row that does not (the lodging and car-rental windows are exceptions to every brand's window), then one
    /// naming the brand, then the kind, then the initiator.
    /// </summary>
    public int Specificity => (MccGroup is null ? 0 : 8) + (Brand is null ? 0 : 4) + (Kind is null ? 0 : 2) + (InitiatedBy is null ? 0 : 1);

    /// <summary>The criteria, which identify the row: a configured row with the same criteria replaces a default.</summary>
    public (string? Brand, AuthorizationKind? Kind, string? MccGroup, Initiator? InitiatedBy) Criteria =>
        (Brand?.ToUpperInvariant(), Kind, MccGroup?.ToLowerInvariant(), InitiatedBy);

    public bool Matches(string? brand, AuthorizationKind kind, string? mccGroup, Initiator initiatedBy) =>
        (Brand is null || string.Equals(Brand, brand, StringComparison.OrdinalIgnoreCase))
        && (Kind is null || Kind == kind)
        && (MccGroup is null || string.Equals(MccGroup, mccGroup, StringComparison.OrdinalIgnoreCase))
        && (InitiatedBy is null || InitiatedBy == initiatedBy);

    /// <summary>For reasons and listings: <c>VISA · any kind · lodging · any initiator: 30 days, capture</c>.</summary>
    public override string ToString() =>
        $"{Brand?.ToUpperInvariant() ?? "any brand"} · {Kind?.ToCode() ?? "any kind"} · {MccGroup?.ToLowerInvariant() ?? "any MCC"} · "
        + $"{(InitiatedBy is { } initiator ? initiator.ToCode() + "-initiated" : "any initiator")}: {ValidityDays} days, {Action.ToString().ToLowerInvariant()}";
}
