using NodaTime;

namespace Settlement.Worker.Demo;

/// <summary>
/// The worker's clock moved some nights ahead, for the demo's capture sweep only: a PA made today is due for capture
/// days from now, and the demo shows the sweep of that night without the newcomer waiting for it.
/// </summary>
public sealed class NightsLaterClock(IClock clock, Duration ahead) : IClock
{
    public Instant GetCurrentInstant() => clock.GetCurrentInstant() + ahead;
}
