using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A trailer record and what it announces of the rows read since the start or the previous row of this trailer: their
/// count (of data rows, or of every record including headers and the trailer itself), and the total of one of their values.
/// </summary>
internal sealed record TrailerRule(
    RowCondition When,
    RowLayout? Layout,
    ProfileValue? Count,
    ProfileValue? SumOf,
    ProfileValue? SumIs,
    AmountFormat SumFormat,
    bool Required,
    bool CountsAllRecords);
