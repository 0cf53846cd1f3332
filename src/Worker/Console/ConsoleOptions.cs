using NodaTime;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The console's settings (section <c>Settlement:Console</c>): how long each exception kind may stay open before
/// its ageing badge turns red (<see cref="SlaHours"/>, by kind code; others take <see cref="DefaultSlaHours"/>).
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Settlement:Console";

    public Dictionary<string, double> SlaHours { get; } = new(StringComparer.Ordinal);

    public double DefaultSlaHours { get; set; } = 48;

    /// <summary>Rows per page of a list.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>The service levels as the worklist's rule takes them.</summary>
    public ExceptionSla Sla() =>
        new(SlaHours.ToDictionary(entry => entry.Key, entry => Duration.FromHours(entry.Value), StringComparer.Ordinal), Duration.FromHours(DefaultSlaHours));
}
