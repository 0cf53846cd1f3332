namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// The header is the first line, after <see cref="SkipLines"/> preamble lines, whose cells include every
/// one of <see cref="Columns"/>; the same columns recognise the report among all profiles (the profile
/// with most of them present wins). A header-row marker is a column here too ("Record Type").
/// </summary>
public sealed record ProfileHeader
{
    public int SkipLines { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }
}
