using Settlement.Reconciliation.Logging;

namespace Settlement.Tests.Architecture;

/// <summary>
/// The core's capabilities depend on each other one way: a circle of namespaces that use each other means two
/// folders are one concern, or a type sits in the wrong one.
/// </summary>
/// <remarks>
/// The core (<c>src/Reconciliation</c>) and the worker's adapters (<c>src/Worker</c>) are held to it. The simulator
/// is not yet: its features read the options type of its root namespace (docs/README.md).
/// </remarks>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_core_capability_uses_another_that_uses_it_back()
    {
        var cycles = NamespaceGraph.Of(typeof(LogEvents).Assembly.GetTypes()).Cycles();

        Assert.True(cycles.Count == 0, "namespaces in a circle:\n" + string.Join("\n\n", cycles.Select(cycle => string.Join("\n", cycle))));
    }

    [Fact]
    public void No_adapter_of_the_worker_uses_another_that_uses_it_back()
    {
        var cycles = NamespaceGraph.Of(typeof(Settlement.Worker.StartupFailure).Assembly.GetTypes()).Cycles();

        Assert.True(cycles.Count == 0, "namespaces in a circle:\n" + string.Join("\n\n", cycles.Select(cycle => string.Join("\n", cycle))));
    }
}
