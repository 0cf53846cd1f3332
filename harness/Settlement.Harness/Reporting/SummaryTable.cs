using System.Globalization;

namespace Settlement.Harness.Reporting;

/// <summary>The closing table: one row per scenario, in the README's shape.</summary>
internal static class SummaryTable
{
    public static void Print(IReadOnlyList<ScenarioResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | runs | kills / faults | checks | result | time |");
        Console.WriteLine("|---|--:|---|---|---|--:|");
        foreach (var result in results)
        {
            var passed = result.Checks.Count(check => check.Passed);
            var failed = result.Checks.Where(check => !check.Passed).Select(check => check.Name).ToList();
            var checks = $"{passed}/{result.Checks.Count} passed" + (failed.Count > 0 ? $" (failed: {string.Join("; ", failed)})" : string.Empty);
            var verdict = result.Overran ? "FAIL (deadline overrun)" : result.Passed ? "PASS" : "FAIL";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Name} | {result.Runs} | {result.Disruptions} | {checks} | {verdict} | {result.Elapsed.TotalSeconds:F0} s |"));
        }

        Console.WriteLine();
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Name}: {(result.Passed ? "PASS" : "FAIL")}");
        }
    }
}
