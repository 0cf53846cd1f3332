using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// Reads profile documents (JSON) and checks them before any file is read with them, so that a mistake
/// in a profile is told once, at start-up, naming the file and the field, rather than as a failure on every file.
/// </summary>
public static class FormatProfileLoader
{
    private const string ShippedPrefix = "Settlement.Reconciliation.Files.Profiles.Shipped.";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A misspelt field would otherwise be silently ignored and the profile would read the wrong thing.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly string[] SettlementTypes = ["SETTLED", "REFUNDED", "CHARGEBACK", "CHARGEBACK_REVERSED", "FEE", "PAYOUT", "ADJUSTMENT"];

    private static readonly string[] DisputeEvents = ["RETRIEVAL_REQUEST", "CHARGEBACK", "CHARGEBACK_REVERSAL", "SECOND_CHARGEBACK", "ARBITRATION_WON", "ARBITRATION_LOST"];

    private static readonly string[] SettlementColumns = ["line_id", "batch_id", "payment_id", "merchant_transaction_id", "arn", "settlement_currency", "exchange_rate", "card_brand", "card_last4"];

    private static readonly string[] ChargebackColumns = ["dispute_id", "payment_id", "merchant_transaction_id", "arn", "scheme", "reason_code", "reason_text"];

    /// <summary>The profiles shipped inside the assembly (<c>Files/Profiles/Shipped/*.json</c>).</summary>
    public static IReadOnlyList<Result<FormatProfile, ProfileError>> LoadShipped()
    {
        var assembly = typeof(FormatProfileLoader).Assembly;
        var results = new List<Result<FormatProfile, ProfileError>>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ShippedPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            results.Add(Parse(reader.ReadToEnd(), "shipped:" + resource[ShippedPrefix.Length..]));
        }

        return results;
    }

    /// <summary>Every <c>*.json</c> in <paramref name="folder"/>, in name order.</summary>
    public static IReadOnlyList<Result<FormatProfile, ProfileError>> LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [new ProfileError(folder, "(folder)", "the profiles folder does not exist")];
        }

        return Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(path => Parse(File.ReadAllText(path), path)).ToArray();
    }

    /// <summary>One profile document; <paramref name="origin"/> names it in errors.</summary>
    public static Result<FormatProfile, ProfileError> Parse(string json, string origin)
    {
        FormatProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<FormatProfile>(json, JsonOptions);
        }
        catch (JsonException exception)
        {
            return new ProfileError(origin, exception.Path ?? "$", FirstSentence(exception.Message));
        }

        if (profile is null)
        {
            return new ProfileError(origin, "$", "the document is empty (null)");
        }

        profile = profile with { Origin = origin };
        var error = Validate(profile);
        return error is null ? profile : error;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $.x | LineNumber: …"; the path is reported as the field already.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static ProfileError? Validate(FormatProfile profile)
    {
        ProfileError? error = null;
        void Fail(string field, string reason) => error ??= new ProfileError(profile.Origin, field, reason);

        if (string.IsNullOrWhiteSpace(profile.Name) || !profile.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Fail("$.name", "a name is letters, digits, '-', '_' or '.' (it becomes the lines' dedupe source)");
        }
        else if (string.Equals(profile.Name, CanonicalFormats.Source, StringComparison.OrdinalIgnoreCase))
        {
            Fail("$.name", $"'{CanonicalFormats.Source}' is the canonical formats' source");
        }

        var chargebacks = string.Equals(profile.Kind, "chargebacks", StringComparison.OrdinalIgnoreCase);
        if (!chargebacks && !string.Equals(profile.Kind, "settlement", StringComparison.OrdinalIgnoreCase))
        {
            Fail("$.kind", $"'{profile.Kind}' is not settlement or chargebacks");
        }

        if (profile.Delimiter is not { Length: 1 } || profile.Delimiter[0] is '"' or '\r' or '\n')
        {
            Fail("$.delimiter", "the delimiter is one character other than a quote or a line break");
        }

        if (!string.Equals(profile.Encoding, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            Fail("$.encoding", "only utf-8 is read (a BOM is accepted)");
        }

        if (profile.Header.SkipLines < 0)
        {
            Fail("$.header.skipLines", "must not be negative");
        }

        if (profile.Header.Columns.Count == 0 || profile.Header.Columns.Any(string.IsNullOrWhiteSpace))
        {
            Fail("$.header.columns", "at least one column name recognises the header; names are not blank");
        }

        if (profile.Records is { } records && (string.IsNullOrWhiteSpace(records.Column) || records.Keep.Count == 0))
        {
            Fail("$.records", "a record filter names its column and at least one value to keep");
        }

        var kinds = chargebacks ? DisputeEvents : SettlementTypes;
        if (string.IsNullOrWhiteSpace(profile.Type.Column))
        {
            Fail("$.type.column", "the type column is required");
        }

        if (profile.Type.Map.Count == 0)
        {
            Fail("$.type.map", "at least one value maps to a canonical type");
        }

        foreach (var (value, canonical) in profile.Type.Map)
        {
            if (!kinds.Contains(canonical, StringComparer.OrdinalIgnoreCase))
            {
                Fail($"$.type.map.{value}", $"'{canonical}' is not one of {string.Join(", ", kinds)}");
            }
        }

        if (profile.Type.Unmapped is not ("report" or "ignore"))
        {
            Fail("$.type.unmapped", "is report or ignore");
        }

        var known = chargebacks ? ChargebackColumns : SettlementColumns;
        foreach (var (field, column) in profile.Columns)
        {
            if (!known.Contains(field, StringComparer.Ordinal))
            {
                Fail($"$.columns.{field}", $"not a canonical {(chargebacks ? "chargebacks" : "settlement")} field; one of {string.Join(", ", known)}");
            }
            else if (string.IsNullOrWhiteSpace(column))
            {
                Fail($"$.columns.{field}", "the column name is blank");
            }
        }

        var idField = chargebacks ? "dispute_id" : "line_id";
        if (!profile.Columns.ContainsKey(idField) && profile.LineKey.Count == 0)
        {
            Fail("$.lineKey", $"either columns.{idField} or lineKey (the columns that identify a line) is required");
        }

        if (!chargebacks && !profile.Columns.ContainsKey("batch_id"))
        {
            Fail("$.columns.batch_id", "required for a settlement profile");
        }

        ValidateAmounts(profile, chargebacks ? ["amount"] : ["gross", "fee", "net"], chargebacks ? "amount" : "gross", Fail);
        ValidateDates(profile, chargebacks ? ["event_date", "reply_by"] : ["settlement_date"], chargebacks ? "event_date" : "settlement_date", Fail);

        foreach (var field in profile.Values.Keys.Where(field => !known.Contains(field, StringComparer.Ordinal)))
        {
            Fail($"$.values.{field}", $"not a canonical field; one of {string.Join(", ", known)}");
        }

        return error;
    }

    private static void ValidateAmounts(FormatProfile profile, string[] names, string required, Action<string, string> fail)
    {
        if (!profile.Amounts.ContainsKey(required))
        {
            fail($"$.amounts.{required}", "required");
        }

        foreach (var (name, amount) in profile.Amounts)
        {
            var field = $"$.amounts.{name}";
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                fail(field, $"not an amount of this kind; one of {string.Join(", ", names)}");
                continue;
            }

            var ways = (amount.Column is null ? 0 : 1) + (amount.Debit is null && amount.Credit is null ? 0 : 1) + (amount.Sum.Count == 0 ? 0 : 1);
            if (ways != 1)
            {
                fail(field, "exactly one of column (signed), debit/credit (two columns) or sum (columns added) says where the amount is");
            }
            else if ((amount.Debit is null) != (amount.Credit is null))
            {
                fail(field, "debit and credit come together");
            }

            if (string.IsNullOrWhiteSpace(amount.Currency))
            {
                fail($"{field}.currency", "the currency column is required");
            }

            if (amount.Fallback is { } fallback && (!profile.Amounts.ContainsKey(fallback) || fallback == name))
            {
                fail($"{field}.fallback", $"'{fallback}' is not another amount of this profile");
            }
        }
    }

    private static void ValidateDates(FormatProfile profile, string[] names, string required, Action<string, string> fail)
    {
        if (!profile.Dates.ContainsKey(required))
        {
            fail($"$.dates.{required}", "required");
        }

        foreach (var (name, date) in profile.Dates)
        {
            var field = $"$.dates.{name}";
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                fail(field, $"not a date of this kind; one of {string.Join(", ", names)}");
                continue;
            }

            if (date.Formats.Count == 0)
            {
                fail($"{field}.formats", "at least one NodaTime pattern, such as uuuu-MM-dd");
            }

            for (var i = 0; i < date.Formats.Count; i++)
            {
                try
                {
                    _ = ProfileDateReader.Create(date.Formats[i]);
                }
                catch (InvalidPatternException exception)
                {
                    fail(string.Create(CultureInfo.InvariantCulture, $"{field}.formats[{i}]"), exception.Message);
                }
            }

            if (date.Zone is { } zone && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
            {
                fail($"{field}.zone", $"'{zone}' is not a TZDB zone id such as America/New_York");
            }
        }
    }
}
