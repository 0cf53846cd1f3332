using Settlement.Reconciliation.Files.Fields;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// How one amount of a line is written: where (one value, debit/credit columns, or a sum), in which currency, at which
/// scale, how extra decimals are rounded, and what the sign means.
/// </summary>
/// <remarks>
/// <para><c>Parts</c>: One value, or the values added (<c>sum</c>); empty when <paramref name="Debit"/> and <paramref name="Credit"/> say it.</para>
/// <para><c>Fallback</c>: Another amount of the line used when this one is blank.</para>
/// </remarks>
internal sealed record ProfileAmount(
    IReadOnlyList<ProfileValue> Parts,
    ProfileValue? Debit,
    ProfileValue? Credit,
    ProfileValue Currency,
    AmountFormat Format,
    AmountDirection Direction,
    ProfileValue? DirectionFlag,
    IReadOnlyList<string> DebitFlags,
    IReadOnlyList<string> CreditFlags,
    string? Fallback)
{
    public IEnumerable<ProfileValue> Values => Parts.Concat(Debit is null ? [] : [Debit, Credit!]);

    public string Describe() => Debit is not null ? $"{Debit.Describe()}/{Credit!.Describe()}" : string.Join(" + ", Parts.Select(part => part.Describe()));
}
