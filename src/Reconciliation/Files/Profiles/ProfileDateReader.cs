using NodaTime;
using NodaTime.Text;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>Reads a date with one NodaTime pattern: a date, a local date and time, or a date and time with an offset.</summary>
internal sealed class ProfileDateReader
{
    private readonly IPattern<LocalDate>? _date;
    private readonly IPattern<LocalDateTime>? _local;
    private readonly IPattern<OffsetDateTime>? _offset;

    private ProfileDateReader(IPattern<LocalDate>? date, IPattern<LocalDateTime>? local, IPattern<OffsetDateTime>? offset) =>
        (_date, _local, _offset) = (date, local, offset);

    /// <summary>Throws <see cref="InvalidPatternException"/> for a pattern NodaTime cannot use.</summary>
    internal static ProfileDateReader Create(string pattern)
    {
        if (pattern.Contains("o<", StringComparison.Ordinal))
        {
            return new(null, null, OffsetDateTimePattern.CreateWithInvariantCulture(pattern));
        }

        return pattern.IndexOfAny(['H', 'h', 'm', 's']) >= 0
            ? new(null, LocalDateTimePattern.CreateWithInvariantCulture(pattern), null)
            : new(LocalDatePattern.CreateWithInvariantCulture(pattern), null, null);
    }

    internal bool TryRead(string text, DateTimeZone zone, out LocalDate date)
    {
        if (_date is not null && _date.Parse(text) is { Success: true } d)
        {
            date = d.Value;
            return true;
        }

        if (_local is not null && _local.Parse(text) is { Success: true } l)
        {
            date = l.Value.Date;
            return true;
        }

        if (_offset is not null && _offset.Parse(text) is { Success: true } o)
        {
            date = o.Value.ToInstant().InZone(zone).Date;
            return true;
        }

        date = default;
        return false;
    }

    /// <summary>An instant: a date and time with an offset as written, else a local one in <paramref name="zone"/> (a day's start for a date).</summary>
    internal bool TryReadInstant(string text, DateTimeZone zone, out Instant instant)
    {
        if (_offset is not null && _offset.Parse(text) is { Success: true } o)
        {
            instant = o.Value.ToInstant();
            return true;
        }

        if (_local is not null && _local.Parse(text) is { Success: true } l)
        {
            // A time that a clock change skips or repeats is read as the lenient mapping does: never an error for a real report.
            instant = l.Value.InZoneLeniently(zone).ToInstant();
            return true;
        }

        if (_date is not null && _date.Parse(text) is { Success: true } d)
        {
            instant = zone.AtStartOfDay(d.Value).ToInstant();
            return true;
        }

        instant = default;
        return false;
    }
}
