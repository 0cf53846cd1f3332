using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Settlement.GatewaySimulator;

namespace Settlement.Harness.Infrastructure;

/// <summary>Counts the faults the in-process simulator injects, by kind, from its meter.</summary>
internal sealed class FaultCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public FaultCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SimulatorFaultMeter.MeterName && instrument.Name == SimulatorFaultMeter.CounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SimulatorFaultMeter.FaultTag && tag.Value is string kind)
                {
                    _counts.AddOrUpdate(kind, value, (_, count) => count + value);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<string, long> Counts => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    public string Describe() => string.Join(", ", Counts.Select(count => $"{count.Key} {count.Value}"));

    public void Dispose() => _listener.Dispose();
}
