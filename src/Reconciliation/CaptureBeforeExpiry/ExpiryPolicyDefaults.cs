using NodaTime;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// The windows the schemes publish, as the policy starts with before configuration changes any of it.
/// Sources: Visa Core Rules (authorization validity, April 2024: 7 days customer-initiated, 5 days
/// merchant-initiated, up to 30 days for extended authorizations of lodging, car rental and similar MCCs);
/// Mastercard Transaction Processing Rules (final authorization 7 days, pre-authorization 30 days);
/// American Express and Discover, 7 days; lodging and car rental up to 30 days for every brand.
/// Where a scheme's count is ambiguous, the shorter window is taken: capturing early loses nothing.
/// </summary>
public static class ExpiryPolicyDefaults
{
    public const string Lodging = "lodging";

    public const string CarRental = "car-rental";

    /// <summary>What any PA gets when no row is more specific.</summary>
    public const int FallbackValidityDays = 7;

    public static readonly Duration DefaultLeadTime = Duration.FromHours(24);

    public static IReadOnlyList<MccGroup> MccGroups { get; } =
    [
        // 3501–3999 are the hotel chains' own codes; 7011 is lodging not elsewhere classified.
        new(Lodging, [new MccRange(3501, 3999), new MccRange(7011, 7011)]),
        // 3351–3500 are the car rental agencies' own codes; 7512 is car rental not elsewhere classified.
        new(CarRental, [new MccRange(3351, 3500), new MccRange(7512, 7512)]),
    ];

    public static IReadOnlyList<ExpiryRule> Rules { get; } =
    [
        new(null, null, null, null, FallbackValidityDays),
        new("VISA", null, null, Initiator.Customer, 7),
        new("VISA", null, null, Initiator.Merchant, 5),
        new("MASTER", AuthorizationKind.Final, null, null, 7),
        new("MASTER", AuthorizationKind.Pre, null, null, 30),
        new("MASTER", AuthorizationKind.Estimated, null, null, 30),
        new("MASTER", AuthorizationKind.Incremental, null, null, 30),
        new("AMEX", null, null, null, 7),
        new("DISCOVER", null, null, null, 7),
        new(null, null, Lodging, null, 30),
        new(null, null, CarRental, null, 30),
    ];
}
