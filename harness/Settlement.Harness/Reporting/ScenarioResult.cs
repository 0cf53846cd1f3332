namespace Settlement.Harness.Reporting;

/// <summary>What one scenario did (runs, kills or faults) and what it checked; it passes when every check did and it kept its deadline.</summary>
internal sealed record ScenarioResult(string Name, int Runs, string Disruptions, IReadOnlyList<Check> Checks, TimeSpan Elapsed, bool Overran)
{
    public bool Passed => !Overran && Checks.Count > 0 && Checks.All(check => check.Passed);
}
