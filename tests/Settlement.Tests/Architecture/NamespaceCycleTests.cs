using Settlement.Reconciliation.Logging;

namespace Settlement.Tests.Architecture;

/// <summary>
/// The core's capabilities depend on each other one way: a circle of namespaces that use each other means two
/// folders are one concern, or a type sits in the wrong one.
/// </summary>
/// <remarks>
/// Only the core (<c>src/Reconciliation</c>) is held to it so far. The worker's adapters still form circles (the
/// command runners are used by the pages and the schedules that use them; the metrics name the ingestion's
/// result), to be cut when those adapters move (docs/README.md).
/// </remarks>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_core_capability_uses_another_that_uses_it_back()
    {
        var cycles = NamespaceGraph.Of(typeof(LogEvents).Assembly.GetTypes()).Cycles();

        Assert.True(cycles.Count == 0, "namespaces in a circle:\n" + string.Join("\n\n", cycles.Select(cycle => string.Join("\n", cycle))));
    }
}
