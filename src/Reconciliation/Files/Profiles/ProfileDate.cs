using NodaTime;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A date (or, for a transactions timestamp, an instant) read with the first of <see cref="Formats"/> that fits. A
/// pattern with an offset gives an instant, whose date is taken in <see cref="Zone"/>; a local date and time is read
/// in <see cref="Zone"/> where an instant is needed.
/// </summary>
internal sealed record ProfileDate(ProfileValue Value, IReadOnlyList<string> Formats, IReadOnlyList<ProfileDateReader> Readers, DateTimeZone Zone);
