using Microsoft.Extensions.Options;

namespace Settlement.GatewaySimulator;

/// <summary>Draws the configured fault rates for a request that did not ask for a fault itself.</summary>
internal sealed class FaultInjector
{
    private readonly SimulatorFaultOptions _options;
    private readonly List<(SimulatorFaultKind Kind, double Rate)> _rates;
    private readonly Random? _seeded;
    private readonly Lock _seededLock = new();

    public FaultInjector(IOptions<SimulatorOptions> options)
    {
        _options = options.Value.Faults;
        _rates = [.. _options.Rates
            .Select(rate => (Kind: SimulatorFault.KindOf(rate.Key), rate.Value))
            .Where(rate => rate.Kind is not null && rate.Value > 0)
            .Select(rate => (rate.Kind!.Value, rate.Value))];
        _seeded = _options.Seed is { } seed ? new Random(seed) : null;
    }

    public TimeSpan TimeoutHold => _options.TimeoutHold;

    public SimulatorFault Draw()
    {
        if (_rates.Count == 0)
        {
            return SimulatorFault.None;
        }

        var draw = Next();
        foreach (var (kind, rate) in _rates)
        {
            if (draw < rate)
            {
                return new SimulatorFault(kind, TimeSpan.FromMilliseconds(_options.LatencyMilliseconds));
            }

            draw -= rate;
        }

        return SimulatorFault.None;
    }

#pragma warning disable CA5394 // Fault draws are not security decisions.
    private double Next()
    {
        if (_seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_seededLock)
        {
            return _seeded.NextDouble();
        }
    }
#pragma warning restore CA5394
}
