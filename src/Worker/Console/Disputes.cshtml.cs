using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Disputes;
using Settlement.Worker.Disputes;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The disputes page: every case with its deadline (the near ones first and highlighted), what was won and lost per
/// month, and the chargeback ratio per card brand per month against its thresholds. It only reads.
/// </summary>
public sealed class DisputesModel(DisputeOverview overview, IOptions<DisputesOptions> options, IConfiguration configuration) : PageModel
{
    public const string Route = "/console/disputes";

    /// <summary><c>all</c> (the default), <c>open</c>, <c>won</c> or <c>lost</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string Outcome { get; set; } = "all";

    public DisputeOverviewReport Report { get; private set; } = null!;

    public int NearDays => options.Value.NearDeadlineDays;

    public string Zone { get; private set; } = string.Empty;

    public IReadOnlyList<DisputeCase> Cases { get; private set; } = [];

    public IReadOnlyList<ChargebackRatio> Alarming { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var zone = MerchantZone.Of(configuration);
        Zone = zone.Id;
        Report = await overview.ReadAsync(zone, options.Value.RatioMonths, options.Value.ToThresholds(), cancellationToken);
        Cases = [.. Report.Cases.Where(item => Outcome switch
        {
            "open" => item.Outcome == DisputeOutcome.Open,
            "won" => item.Outcome == DisputeOutcome.Won,
            "lost" => item.Outcome == DisputeOutcome.Lost,
            _ => true,
        })];
        Alarming = [.. Report.Ratios.Where(ratio => ratio.Level != RatioLevel.Below)];
        return Page();
    }

    public bool IsNear(DisputeCase item) => item.IsDeadlineNear(Report.Today, NearDays);

    /// <summary>"in 2 days", "today", "3 days overdue"; empty when nothing is to be answered.</summary>
    public string DaysLeftText(DisputeCase item) => item.DaysLeft(Report.Today) switch
    {
        null => string.Empty,
        0 => "due today",
        1 => "1 day left",
        -1 => "1 day overdue",
        < 0 and var late => $"{-late} days overdue",
        var left => $"{left} days left",
    };

    public static string OutcomeBadge(DisputeOutcome outcome) => outcome switch
    {
        DisputeOutcome.Won => "ok",
        DisputeOutcome.Lost => "bad",
        _ => string.Empty,
    };

    public static string LevelBadge(RatioLevel level) => level switch
    {
        RatioLevel.Over => "bad",
        RatioLevel.Warning => "warn",
        _ => "ok",
    };

    /// <summary>What a ratio's standing means, in the banner's words: which line it crossed and where the other is.</summary>
    public static string AlarmText(ChargebackRatio ratio) => ratio.Level == RatioLevel.Over
        ? $"over the scheme's threshold of {Percent(ratio.Threshold.Threshold)}"
        : $"past the warning level of {Percent(ratio.Threshold.Warning)}, under the threshold of {Percent(ratio.Threshold.Threshold)}";

    public static string LevelText(RatioLevel level) => level switch
    {
        RatioLevel.Over => "over threshold",
        RatioLevel.Warning => "warning",
        _ => "below",
    };

    public static string Percent(decimal? share) =>
        share is { } value ? (value * 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";
}
