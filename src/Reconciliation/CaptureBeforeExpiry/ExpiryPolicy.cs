using NodaTime;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// The expiry policy table: validity per card brand × authorization kind × MCC group × initiator, the lead
/// time before expiry at which a PA is due, and the zone in which validity days are counted.
/// Built by <see cref="Create"/> from <see cref="ExpiryPolicyDefaults"/> and configured rows; immutable.
/// </summary>
public sealed class ExpiryPolicy
{
    private ExpiryPolicy(IReadOnlyList<ExpiryRule> rules, IReadOnlyList<MccGroup> mccGroups, Duration leadTime, DateTimeZone zone)
    {
        Rules = rules;
        MccGroups = mccGroups;
        LeadTime = leadTime;
        Zone = zone;
    }

    /// <summary>The rows in effect, most specific first.</summary>
    public IReadOnlyList<ExpiryRule> Rules { get; }

    public IReadOnlyList<MccGroup> MccGroups { get; }

    /// <summary>How long before its expiry a PA is due.</summary>
    public Duration LeadTime { get; }

    /// <summary>The merchant's zone: a validity of 7 days ends at the same local time 7 days later.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The shortest validity of any row: no PA younger than this less the lead time can be due by the policy.</summary>
    public int ShortestValidityDays => Rules.Min(rule => rule.ValidityDays);

    /// <summary>The policy with the scheme defaults only.</summary>
    public static ExpiryPolicy Default(DateTimeZone zone) => Create([], [], ExpiryPolicyDefaults.DefaultLeadTime, zone).Value;

    /// <summary>
    /// The defaults with configured rows laid over them: a configured row with a default's criteria replaces
    /// it, others are added; a configured MCC group replaces the default group of that name.
    /// </summary>
    public static Result<ExpiryPolicy, string> Create(IEnumerable<ExpiryRule> configuredRules, IEnumerable<MccGroup> configuredGroups, Duration leadTime, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (leadTime < Duration.Zero)
        {
            return $"the lead time {leadTime} is negative";
        }

        var groups = ExpiryPolicyDefaults.MccGroups.ToDictionary(group => group.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var group in configuredGroups)
        {
            if (string.IsNullOrWhiteSpace(group.Name) || group.Ranges.Count == 0)
            {
                return $"MCC group '{group.Name}' needs a name and at least one MCC";
            }

            groups[group.Name] = group;
        }

        var rules = ExpiryPolicyDefaults.Rules.ToDictionary(rule => rule.Criteria);
        foreach (var rule in configuredRules)
        {
            if (rule.ValidityDays <= 0)
            {
                return $"expiry rule {rule}: the validity must be at least 1 day";
            }

            if (rule.MccGroup is { } name && !groups.ContainsKey(name))
            {
                return $"expiry rule {rule}: there is no MCC group '{name}' (known: {string.Join(", ", groups.Keys.Order(StringComparer.Ordinal))})";
            }

            rules[rule.Criteria] = rule;
        }

        return new ExpiryPolicy(
            [.. rules.Values.OrderByDescending(rule => rule.Specificity)],
            [.. groups.Values],
            leadTime,
            zone);
    }

    /// <summary>The MCC group of a merchant category code; null for a code in no group (or none at all).</summary>
    public string? MccGroupOf(string? merchantCategoryCode) =>
        MccRange.TryCode(merchantCategoryCode?.Trim(), out var mcc) ? MccGroups.FirstOrDefault(group => group.Contains(mcc))?.Name : null;

    /// <summary>The most specific row matching the payment. The policy always has a row that matches everything.</summary>
    public ExpiryRule RuleFor(PaymentDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var group = MccGroupOf(details.MerchantCategoryCode);
        return Rules.FirstOrDefault(rule => rule.Matches(details.CardBrand, details.AuthorizationKind, group, details.InitiatedBy))
            ?? new ExpiryRule(null, null, null, null, ExpiryPolicyDefaults.FallbackValidityDays);
    }

    /// <summary>
    /// When the PA authorized at <paramref name="authorizedAt"/> lapses. An expiry recorded on the payment wins;
    /// otherwise the matching row's validity counts days in <see cref="Zone"/>. Around a DST change a local day
    /// is 23 or 25 hours: of the calendar reading and the 24-hour reading, the earlier is taken, so a clock
    /// change never makes the sweep an hour late.
    /// </summary>
    public PreAuthorizationExpiry ExpiryOf(Instant authorizedAt, PaymentDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var rule = RuleFor(details);
        if (details.ExpiresAt is { } recorded)
        {
            return new PreAuthorizationExpiry(recorded, null, rule.Action, "expires_at recorded on the payment");
        }

        var calendar = authorizedAt.InZone(Zone).LocalDateTime.PlusDays(rule.ValidityDays).InZoneLeniently(Zone).ToInstant();
        var elapsed = authorizedAt + Duration.FromDays(rule.ValidityDays);
        var expiresAt = Instant.Min(calendar, elapsed);
        return new PreAuthorizationExpiry(expiresAt, rule, rule.Action, $"rule {rule}");
    }
}
