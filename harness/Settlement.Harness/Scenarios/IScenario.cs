using Settlement.Harness.Reporting;

namespace Settlement.Harness.Scenarios;

/// <summary>One fault scenario: it runs real worker processes against the harness's cluster and reports what it did and checked.</summary>
internal interface IScenario
{
    /// <summary>The name on the command line and in the summary.</summary>
    string Name { get; }

    /// <summary>How long the scenario may take; past it, it is stopped and fails as overrun.</summary>
    TimeSpan Deadline { get; }

    /// <summary>Runs the scenario; <paramref name="cancellationToken"/> fires at the deadline.</summary>
    Task<ScenarioResult> RunAsync(ScenarioLog log, CancellationToken cancellationToken);
}
