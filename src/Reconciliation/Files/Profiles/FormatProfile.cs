using System.Text.Json.Serialization;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// How to read one acquirer's real report as a canonical settlement or chargebacks file: where the header
/// is, which column feeds which canonical field, which values of the type column mean what, how amounts
/// are signed and dates written, and which columns form the line's dedupe key. Data, not code: shipped
/// profiles are embedded JSON documents and a user adds one by dropping a JSON file in the profiles folder.
/// </summary>
/// <remarks>
/// Canonical field names are those of docs/formats.md (<c>payment_id</c>, <c>batch_id</c>, …); column names are
/// the report's own header names, compared ignoring case and surrounding spaces.
/// </remarks>
public sealed record FormatProfile
{
    /// <summary>The profile's name; also the dedupe namespace (<c>source</c>) of the lines it reads.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary><c>settlement</c> or <c>chargebacks</c>: the canonical kind the lines become.</summary>
    public required string Kind { get; init; }

    /// <summary>One character; <c>,</c> by default.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>Only <c>utf-8</c> (a BOM is accepted): files in another encoding are rejected as not text.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Where the header is, and the columns that recognise the report.</summary>
    public required ProfileHeader Header { get; init; }

    /// <summary>
    /// A line whose first cell starts with one of these ends the data (a report trailer or a repeated
    /// preamble); nothing after it is read.
    /// </summary>
    public IReadOnlyList<string> TrailerPrefixes { get; init; } = [];

    /// <summary>In a multi-record report, which rows are data lines; the others are ignored.</summary>
    public ProfileRecordFilter? Records { get; init; }

    /// <summary>The type column and what its values mean.</summary>
    public required ProfileTypeMap Type { get; init; }

    /// <summary>Canonical field → report column, for identifiers and text fields.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Columns joined with '|' into the line id (settlement) or dispute id (chargebacks) when the report
    /// has no single id column; ignored when <see cref="Columns"/> maps <c>line_id</c> / <c>dispute_id</c>.
    /// </summary>
    public IReadOnlyList<string> LineKey { get; init; } = [];

    /// <summary>
    /// Amounts by canonical name: <c>gross</c>, <c>fee</c>, <c>net</c> (settlement) or <c>amount</c> (chargebacks).
    /// </summary>
    public IReadOnlyDictionary<string, ProfileAmount> Amounts { get; init; } = new Dictionary<string, ProfileAmount>();

    /// <summary>Dates by canonical field: <c>settlement_date</c>; <c>event_date</c>, <c>reply_by</c>.</summary>
    public IReadOnlyDictionary<string, ProfileDate> Dates { get; init; } = new Dictionary<string, ProfileDate>();

    /// <summary>Canonical field → (report value → canonical value), such as scheme <c>MC</c> → <c>MASTER</c>. Unlisted values are kept as written.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Where the profile was loaded from (a file path or a shipped resource name).</summary>
    [JsonIgnore]
    public string Origin { get; init; } = string.Empty;

    /// <summary>The canonical kind; valid once the loader has accepted the profile.</summary>
    [JsonIgnore]
    public FileKind FileKind => string.Equals(Kind, "chargebacks", StringComparison.OrdinalIgnoreCase) ? FileKind.Chargebacks : FileKind.Settlement;

    public override string ToString() => Name;
}
