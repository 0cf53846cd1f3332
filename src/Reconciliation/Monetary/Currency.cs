using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Settlement.Reconciliation.Monetary;

/// <summary>
/// An ISO 4217 currency: its alphabetic code and its exponent, the number of decimals an amount in
/// it may carry (EUR 2, JPY 0, BHD 3, CLF 4).
/// </summary>
/// <remarks>
/// Instances come only from the ISO 4217 table (<see cref="All"/>), one per code, so a
/// <see cref="Currency"/> always names a real currency with a known exponent; there is no way to make
/// up "EUX" or a EUR with 3 decimals. Equality is by <see cref="Code"/>.
/// </remarks>
public sealed class Currency : IEquatable<Currency>
{
    private static readonly FrozenDictionary<string, Currency> ByCode = Iso4217Table.Entries
        .Select(entry => new Currency(entry.Code, entry.Exponent))
        .ToFrozenDictionary(currency => currency.Code, StringComparer.OrdinalIgnoreCase);

    // Span lookup so that a code read from a file line is found without allocating a string.
    private static readonly FrozenDictionary<string, Currency>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByCode.GetAlternateLookup<ReadOnlySpan<char>>();

    private Currency(string code, int exponent)
    {
        Code = code;
        Exponent = exponent;
        var scale = 1L;
        for (var i = 0; i < exponent; i++)
        {
            scale *= 10;
        }

        UnitScale = scale;
    }

    /// <summary>The ISO 4217 alphabetic code, always upper case ("EUR").</summary>
    public string Code { get; }

    /// <summary>
    /// The ISO 4217 minor unit: how many decimals an amount has (EUR 2, JPY 0, BHD 3, CLF 4).
    /// One major unit is 10^<see cref="Exponent"/> minor units.
    /// </summary>
    public int Exponent { get; }

    /// <summary>Minor units per major unit: 10^<see cref="Exponent"/>.</summary>
    internal long UnitScale { get; }

    public static Currency Eur { get; } = ByCode["EUR"];

    public static Currency Usd { get; } = ByCode["USD"];

    public static Currency Gbp { get; } = ByCode["GBP"];

    public static Currency Chf { get; } = ByCode["CHF"];

    public static Currency Jpy { get; } = ByCode["JPY"];

    public static Currency Bhd { get; } = ByCode["BHD"];

    public static Currency Kwd { get; } = ByCode["KWD"];

    /// <summary>Every active ISO 4217 currency that has a minor unit, ordered by code.</summary>
    public static IReadOnlyCollection<Currency> All { get; } =
        ByCode.Values.OrderBy(currency => currency.Code, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Finds a currency by its code, ignoring surrounding whitespace and case (Stripe writes "usd").
    /// Returns false for null, blank and unknown codes. Does not allocate.
    /// </summary>
    public static bool TryFind(string? code, [NotNullWhen(true)] out Currency? currency) =>
        TryFind(code.AsSpan(), out currency);

    /// <inheritdoc cref="TryFind(string?, out Currency?)"/>
    public static bool TryFind(ReadOnlySpan<char> code, [NotNullWhen(true)] out Currency? currency) =>
        BySpan.TryGetValue(code.Trim(), out currency);

    /// <summary>
    /// Reads a currency code as <see cref="TryFind(string?, out Currency?)"/> does, failing with
    /// <see cref="MoneyErrorKind.Empty"/> for a null or blank code and
    /// <see cref="MoneyErrorKind.UnknownCurrency"/> for a code that is not in ISO 4217 (or has no minor unit, such as XAU).
    /// </summary>
    public static Result<Currency, MoneyError> Parse(string? code)
    {
        var trimmed = code.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return new MoneyError(MoneyErrorKind.Empty, "currency is empty");
        }

        return BySpan.TryGetValue(trimmed, out var currency)
            ? currency
            : new MoneyError(MoneyErrorKind.UnknownCurrency, $"unknown currency '{MoneyError.Quote(trimmed)}'");
    }

    /// <summary>
    /// The currency with this code, for constants and tests; throws <see cref="ArgumentException"/>
    /// for an unknown code. Input from files and the gateway goes through <see cref="Parse"/>.
    /// </summary>
    public static Currency FromCode(string code) =>
        TryFind(code, out var currency)
            ? currency
            : throw new ArgumentException($"unknown currency '{code}'", nameof(code));

    public bool Equals(Currency? other) =>
        other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Currency);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    public static bool operator ==(Currency? left, Currency? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(Currency? left, Currency? right) => !(left == right);

    public override string ToString() => Code;
}
