using Microsoft.Extensions.Configuration;
using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Ledger;
using Settlement.Worker.CaptureBeforeExpiry;
using Settlement.Worker.Commands;

namespace Settlement.Tests.CaptureBeforeExpiry;

/// <summary>The policy from configuration keys, the errors that name the key, and the command lines.</summary>
public sealed class CaptureBeforeExpirySettingsTests
{
    [Fact]
    public void Configured_lead_time_rows_groups_and_zone_make_the_policy()
    {
        var policy = Bind(new Dictionary<string, string?>
        {
            ["Settlement:CaptureBeforeExpiry:LeadTime"] = "2.00:00:00",
            ["Settlement:CaptureBeforeExpiry:Rules:0:Brand"] = "VISA",
            ["Settlement:CaptureBeforeExpiry:Rules:0:InitiatedBy"] = "merchant",
            ["Settlement:CaptureBeforeExpiry:Rules:0:ValidityDays"] = "4",
            ["Settlement:CaptureBeforeExpiry:Rules:1:MccGroup"] = "cruise",
            ["Settlement:CaptureBeforeExpiry:Rules:1:ValidityDays"] = "14",
            ["Settlement:CaptureBeforeExpiry:Rules:1:Action"] = "reverse",
            ["Settlement:CaptureBeforeExpiry:MccGroups:cruise:0"] = "4411",
            ["Settlement:Schedules:TimeZone"] = "Europe/Berlin",
        }).Value;

        Assert.Equal(Duration.FromDays(2), policy.LeadTime);
        Assert.Equal("Europe/Berlin", policy.Zone.Id);
        Assert.Equal(4, policy.RuleFor(new PaymentDetails { CardBrand = "VISA", InitiatedBy = Initiator.Merchant }).ValidityDays);
        var cruise = policy.RuleFor(new PaymentDetails { CardBrand = "VISA", MerchantCategoryCode = "4411" });
        Assert.Equal((14, ExpiryAction.Reverse), (cruise.ValidityDays, cruise.Action));
    }

    [Fact]
    public void Without_configuration_the_policy_is_the_scheme_defaults_in_utc()
    {
        var policy = Bind([]).Value;

        Assert.Equal(DateTimeZone.Utc, policy.Zone);
        Assert.Equal(ExpiryPolicyDefaults.Rules.Count, policy.Rules.Count);
        Assert.Equal(Duration.FromHours(24), policy.LeadTime);
    }

    [Theory]
    [InlineData("Settlement:Schedules:TimeZone", "Mars/Olympus", "Settlement:Schedules:TimeZone 'Mars/Olympus' is not an IANA time zone id")]
    [InlineData("Settlement:CaptureBeforeExpiry:Rules:0:Kind", "sometimes", "Settlement:CaptureBeforeExpiry:Rules:0: Kind 'sometimes' is not one of")]
    [InlineData("Settlement:CaptureBeforeExpiry:Rules:0:Action", "forget", "Settlement:CaptureBeforeExpiry:Rules:0: Action 'forget' is not capture or reverse")]
    [InlineData("Settlement:CaptureBeforeExpiry:MccGroups:lodging:0", "70x1", "Settlement:CaptureBeforeExpiry:MccGroups:lodging: '70x1' is not an MCC")]
    public void A_bad_setting_is_refused_naming_its_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.Contains(":Rules:0:", StringComparison.Ordinal))
        {
            settings["Settlement:CaptureBeforeExpiry:Rules:0:ValidityDays"] = "7";
        }

        Assert.StartsWith(expected, Bind(settings).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_lines_parse_into_their_commands()
    {
        Assert.Equal(new SweepCapturesCommand(true, true), CommandLine.Parse(["sweep", "captures", "--dry-run", "--json"]).Command);
        Assert.Equal(new OpHoldCommand("pa1", "guest complaint", "jane"), CommandLine.Parse(["op", "hold", "pa1", "--note", "guest complaint", "--by", "jane"]).Command);
        Assert.Equal(new OpUnholdCommand("pa1", "jane"), CommandLine.Parse(["op", "unhold", "pa1", "--by", "jane"]).Command);
        Assert.IsType<UsageError>(CommandLine.Parse(["op", "hold", "pa1"]).Command);
        Assert.IsType<UsageError>(CommandLine.Parse(["sweep", "captures", "--now"]).Command);
    }

    private static Reconciliation.Result<ExpiryPolicy, string> Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = new CaptureBeforeExpirySettings();
        configuration.GetSection(CaptureBeforeExpirySettings.Section).Bind(settings);
        return settings.ToPolicy(configuration[CaptureBeforeExpirySettings.TimeZoneKey]);
    }
}
