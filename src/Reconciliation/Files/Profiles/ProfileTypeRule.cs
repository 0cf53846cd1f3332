using System.Collections.Frozen;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Which canonical type (record type, dispute event or transaction type) a data row stands for: a fixed list, or a
/// value mapped through <see cref="Map"/>, where a value may stand for several lines (a dispute status that implies a
/// chargeback and its reversal).
/// </summary>
/// <remarks>
/// <para><c>Source</c>: The type's value; null when <paramref name="Fixed"/> gives the type.</para>
/// <para><c>Fixed</c>: The types of every row, when the rule is fixed.</para>
/// <para><c>UnmappedIgnored</c>: Whether a value not in the map is ignored rather than a line error.</para>
/// <para><c>BlankIgnored</c>: Whether a blank value is ignored rather than a line error.</para>
/// </remarks>
internal sealed record ProfileTypeRule(
    ProfileValue? Source,
    IReadOnlyList<string>? Fixed,
    FrozenDictionary<string, string[]> Map,
    FrozenSet<string> Ignore,
    bool UnmappedIgnored,
    bool BlankIgnored);
