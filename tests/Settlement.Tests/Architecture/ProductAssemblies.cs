using System.Reflection;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Logging;
using Settlement.Worker.Commands;

namespace Settlement.Tests.Architecture;

/// <summary>The assemblies that ship: the core, the worker and the gateway simulator.</summary>
internal static class ProductAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } =
        [typeof(LogEvents).Assembly, typeof(CommandLine).Assembly, typeof(SimulatorApp).Assembly];

    /// <summary>Every type, including the compiler's nested ones (a [LoggerMessage] may live on a nested class).</summary>
    public static IEnumerable<Type> Types => All.SelectMany(assembly => assembly.GetTypes());
}
