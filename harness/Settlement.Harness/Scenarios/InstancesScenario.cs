using Settlement.Harness.Reporting;

namespace Settlement.Harness.Scenarios;

internal sealed class InstancesScenario(HarnessContext context) : IScenario
{
    public string Name => "Instances";

    public TimeSpan Deadline => context.Quick ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(1);

    public Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken) => throw new NotSupportedException();
}
