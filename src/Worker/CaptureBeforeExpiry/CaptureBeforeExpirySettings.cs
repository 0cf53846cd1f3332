using NodaTime;
using Settlement.Reconciliation;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Worker.CaptureBeforeExpiry;

/// <summary>
/// The capture sweep's configuration (section <c>Settlement:CaptureBeforeExpiry</c>), laid over
/// <see cref="ExpiryPolicyDefaults"/>; validity days are counted in <c>Settlement:Schedules:TimeZone</c>.
/// </summary>
public sealed class CaptureBeforeExpirySettings
{
    public const string Section = "Settlement:CaptureBeforeExpiry";

    /// <summary>Shared with the scheduler: the merchant's IANA zone.</summary>
    public const string TimeZoneKey = "Settlement:Schedules:TimeZone";

    public TimeSpan LeadTime { get; set; } = ExpiryPolicyDefaults.DefaultLeadTime.ToTimeSpan();

    /// <summary>Rows that replace the default with the same criteria, or add to the table.</summary>
    public IList<ExpiryRuleSetting> Rules { get; } = [];

    /// <summary>MCC groups by name, each a list of codes or ranges (<c>7011</c>, <c>3501-3999</c>); replace the default group of that name.</summary>
    public IDictionary<string, string[]> MccGroups { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hangfire enqueues the sweep makes at once (each is a few round trips to PostgreSQL).</summary>
    public int EnqueueParallelism { get; set; } = 4;

    /// <summary>The policy these settings describe, or what is wrong with them (naming the key).</summary>
    public Result<ExpiryPolicy, string> ToPolicy(string? timeZoneId)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZoneId) ? "UTC" : timeZoneId.Trim();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not { } zone)
        {
            return $"{TimeZoneKey} '{zoneId}' is not an IANA time zone id such as Europe/Berlin";
        }

        var groups = new List<MccGroup>();
        foreach (var (name, codes) in MccGroups)
        {
            var ranges = new List<MccRange>();
            foreach (var code in codes)
            {
                if (!MccRange.Parse(code).TryGetValue(out var range, out var problem))
                {
                    return $"{Section}:MccGroups:{name}: {problem}";
                }

                ranges.Add(range);
            }

            groups.Add(new MccGroup(name, ranges));
        }

        var rules = new List<ExpiryRule>();
        for (var index = 0; index < Rules.Count; index++)
        {
            if (!ToRule(Rules[index]).TryGetValue(out var rule, out var problem))
            {
                return $"{Section}:Rules:{index}: {problem}";
            }

            rules.Add(rule);
        }

        var created = ExpiryPolicy.Create(rules, groups, Duration.FromTimeSpan(LeadTime), zone);
        return created.TryGetValue(out var policy, out var error) ? policy : $"{Section}: {error}";
    }

    private static Result<ExpiryRule, string> ToRule(ExpiryRuleSetting setting)
    {
        AuthorizationKind? kind = null;
        if (!string.IsNullOrWhiteSpace(setting.Kind))
        {
            if (!AuthorizationKindCode.TryParse(setting.Kind, out var parsed))
            {
                return $"Kind '{setting.Kind}' is not one of final, pre, estimated, incremental";
            }

            kind = parsed;
        }

        Initiator? initiator = null;
        if (!string.IsNullOrWhiteSpace(setting.InitiatedBy))
        {
            if (!InitiatorCode.TryParse(setting.InitiatedBy, out var parsed))
            {
                return $"InitiatedBy '{setting.InitiatedBy}' is not customer or merchant";
            }

            initiator = parsed;
        }

        ExpiryAction? action = setting.Action?.Trim().ToLowerInvariant() switch
        {
            null or "" or "capture" => ExpiryAction.Capture,
            "reverse" => ExpiryAction.Reverse,
            _ => null,
        };
        if (action is null)
        {
            return $"Action '{setting.Action}' is not capture or reverse";
        }

        return new ExpiryRule(
            string.IsNullOrWhiteSpace(setting.Brand) ? null : setting.Brand.Trim(),
            kind,
            string.IsNullOrWhiteSpace(setting.MccGroup) ? null : setting.MccGroup.Trim(),
            initiator,
            setting.ValidityDays,
            action.Value);
    }
}
