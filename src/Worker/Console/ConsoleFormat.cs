using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Worker.OperatorConsole;

/// <summary>How the console writes times, ages and standings: the same everywhere, in UTC as the files are.</summary>
public static class ConsoleFormat
{
    private static readonly InstantPattern Minutes = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");

    public static string When(Instant instant) => Minutes.Format(instant) + " UTC";

    public static string When(Instant? instant) => instant is { } at ? When(at) : "—";

    /// <summary>"12m", "5h", "3d": short enough for a badge.</summary>
    public static string Age(Duration age) =>
        age < Duration.FromHours(1) ? $"{Math.Max(0, (int)age.TotalMinutes)}m"
        : age < Duration.FromHours(48) ? $"{(int)age.TotalHours}h"
        : $"{(int)age.TotalDays}d";

    public static string Hours(Duration duration) => duration.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + "h";

    /// <summary>The badge's CSS class for a standing against the SLA.</summary>
    public static string BadgeOf(CaseAgeing ageing) => ageing switch
    {
        CaseAgeing.Late => "bad",
        CaseAgeing.Due => "warn",
        _ => "ok",
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
