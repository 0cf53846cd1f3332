using Settlement.Harness.Reporting;

namespace Settlement.Harness.Scenarios;

/// <summary>Runs one scenario under its deadline: an overrun or a crash of the scenario is a FAIL that says so, never a hang.</summary>
internal static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(IScenario scenario)
    {
        Console.WriteLine();
        Console.WriteLine($"== {scenario.Name} (deadline {scenario.Deadline.TotalMinutes:F0} min) ==");
        var log = new ScenarioLog(scenario.Name);
        using var deadline = new CancellationTokenSource(scenario.Deadline);
        try
        {
            return await scenario.RunAsync(log, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            log.Say($"OVERRUN: the scenario did not finish within its deadline of {scenario.Deadline.TotalMinutes:F0} min");
            return new ScenarioResult(scenario.Name, 0, "(overrun)", log.Checks, log.Elapsed, Overran: true);
        }
#pragma warning disable CA1031 // A scenario that throws is reported as a failure and the others still run.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            log.Record("scenario ran to the end", false, $"{exception.GetType().Name}: {exception.Message}");
            return new ScenarioResult(scenario.Name, 0, "(aborted)", log.Checks, log.Elapsed, Overran: false);
        }
    }
}
