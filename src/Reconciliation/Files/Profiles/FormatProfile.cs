using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// How to read one acquirer's real report as canonical settlement, chargebacks or transactions lines: how rows are
/// split, which rows are headers, data, carried values, totals or trailers, and how a data row becomes canonical
/// lines. Data, not code: a JSON document (docs/profiles.md), shipped inside the assembly or dropped by a user in the
/// profiles folder, read by <see cref="FormatProfileLoader"/>.
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

    /// <summary>The canonical kind the lines become.</summary>
    public required FileKind FileKind { get; init; }

    /// <summary>Where the profile was loaded from (a file path, or <c>shipped:</c> and a resource name).</summary>
    public required string Origin { get; init; }

    /// <summary>Whether the profile ships with Settlement (rather than coming from the user's folder).</summary>
    public bool IsShipped => Origin.StartsWith(FormatProfileLoader.ShippedOrigin, StringComparison.Ordinal);

    /// <summary>The header columns that recognise the report (of every section with a required header); empty for headerless reports.</summary>
    public IReadOnlyList<string> RecognisingColumns { get; init; } = [];

    internal char Delimiter { get; init; } = ',';

    internal bool FixedWidth { get; init; }

    internal AmountFormat Numbers { get; init; } = AmountFormat.Plain;

    /// <summary>Rows to pass over before looking for the first header.</summary>
    internal int SkipLines { get; init; }

    /// <summary>Conditions each of which some row of the first block satisfies (headerless reports).</summary>
    internal IReadOnlyList<RowCondition> Recognize { get; init; } = [];

    internal IReadOnlyList<string> TrailerPrefixes { get; init; } = [];

    internal IReadOnlyList<RowCondition> Skip { get; init; } = [];

    internal IReadOnlyList<CarryRule> Carry { get; init; } = [];

    internal TrailerRule? Trailer { get; init; }

    internal IReadOnlyList<ProfileSection> Sections { get; init; } = [];

    /// <summary>The kind as a profile names it: settlement, chargebacks or transactions.</summary>
    public string KindName => FileKind switch
    {
        FileKind.Chargebacks => "chargebacks",
        FileKind.Transactions => "transactions",
        _ => "settlement",
    };

    public override string ToString() => Name;
}
