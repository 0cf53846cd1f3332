using System.Collections.Frozen;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// How a data row becomes one canonical line (or several, when its type maps to a list): the merged mapping of the
/// profile, its section and one entry of <c>lines</c>.
/// </summary>
/// <remarks>
/// <para><c>Name</c>: The entry's name; null for the single line of a row.</para>
/// <para><c>When</c>: When the entry applies to a row; null: always.</para>
/// <para><c>Fields</c>: Canonical field → value, for identifiers and text.</para>
/// <para><c>LineKey</c>: Values joined into the line's id when <paramref name="Fields"/> gives none.</para>
/// <para><c>Values</c>: Canonical field → (report value → canonical value).</para>
/// <para><c>OwnsKey</c>: Whether the entry sets its own id, so that its lines get no suffix.</para>
/// </remarks>
internal sealed record LineMapping(
    string? Name,
    RowCondition? When,
    ProfileTypeRule Type,
    IReadOnlyDictionary<string, ProfileValue> Fields,
    IReadOnlyList<ProfileValue> LineKey,
    IReadOnlyDictionary<string, ProfileAmount> Amounts,
    IReadOnlyDictionary<string, ProfileDate> Dates,
    IReadOnlyDictionary<string, FrozenDictionary<string, string>> Values,
    bool OwnsKey);
