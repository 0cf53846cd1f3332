using System.Diagnostics;
using System.Globalization;

namespace Settlement.Harness.Reporting;

/// <summary>Prints what a scenario does as it does it, each line stamped with the time since the scenario began.</summary>
internal sealed class ScenarioLog(string scenario)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Check> _checks = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<Check> Checks => _checks;

    public void Say(FormattableString line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{scenario} {_clock.Elapsed.TotalSeconds,6:F1}s] ") + line.ToString(CultureInfo.InvariantCulture));

    public void Record(Check check)
    {
        _checks.Add(check);
        Say($"{(check.Passed ? "ok  " : "FAIL")} {check.Name}: {check.Detail}");
    }

    public void Record(string name, bool passed, FormattableString detail) => Record(Check.That(name, passed, detail.ToString(CultureInfo.InvariantCulture)));
}
