using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A trailer record and what it announces of the data rows read since the start or the previous trailer: their count,
/// and the total of one of their values.
/// </summary>
internal sealed record TrailerRule(
    RowCondition When,
    RowLayout? Layout,
    ProfileValue? Count,
    ProfileValue? SumOf,
    ProfileValue? SumIs,
    AmountFormat SumFormat,
    bool Required);
