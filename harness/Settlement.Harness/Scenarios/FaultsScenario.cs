using Settlement.Harness.Reporting;

namespace Settlement.Harness.Scenarios;

internal sealed class FaultsScenario(HarnessContext context) : IScenario
{
    public string Name => "Faults";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(1);

    public Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken) => throw new NotSupportedException();
}
