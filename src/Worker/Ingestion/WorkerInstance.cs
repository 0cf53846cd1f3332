using System.Globalization;

namespace Settlement.Worker.Ingestion;

/// <summary>This process's name among the worker instances sharing a database: host and process id.</summary>
public sealed class WorkerInstance
{
    public WorkerInstance()
        : this(NameOf(Environment.MachineName, Environment.ProcessId))
    {
    }

    /// <summary>Several instances in one process (tests) need names of their own.</summary>
    internal WorkerInstance(string name) => Name = name;

    public string Name { get; }

    /// <summary>
    /// True when <paramref name="instance"/> names a process of this machine that no longer runs (it was killed
    /// or crashed), so its claims can be taken over at once. Instances of other machines are never judged
    /// here: their leases expire instead.
    /// </summary>
    public static bool IsGone(string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var separator = instance.LastIndexOf(':');
        if (separator < 0 || !string.Equals(instance[..separator], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(instance.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return false;
        }

        // A reused process id reads as alive: the claim then waits for its lease, the safe direction.
        return processId != Environment.ProcessId && !Directory.Exists($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}");
    }

    public static string NameOf(string machine, int processId) => $"{machine}:{processId.ToString(CultureInfo.InvariantCulture)}";
}
