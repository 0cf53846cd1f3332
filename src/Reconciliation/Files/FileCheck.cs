using System.Globalization;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Reads a whole file as ingestion would — recognition, every line, every error — and keeps what a person writing a
/// profile needs to see: why it was read this way, its first lines as canonical fields, its line errors, and totals
/// to hold against the report's own. Writes nothing anywhere; memory stays bounded (a sample of lines and errors).
/// </summary>
public static partial class FileCheck
{
    public const int MaxErrorsKept = 200;

    public static async Task<FileCheckReport> RunAsync(Stream stream, FileReadOptions options, int sampleLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var opened = await AcquirerFileReader.OpenAsync(stream, options, cancellationToken);
        if (!opened.TryGetValue(out var file, out var rejection))
        {
            return new FileCheckReport { Rejection = rejection };
        }

        await using (file)
        {
            var sample = new List<CanonicalLine>();
            var errors = new List<LineError>();
            var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
            long lines = 0;
            long errorCount = 0;
            await foreach (var result in file.ReadLinesAsync(cancellationToken))
            {
                if (!result.TryGetValue(out var line, out var error))
                {
                    errorCount++;
                    if (errors.Count < MaxErrorsKept)
                    {
                        errors.Add(error);
                    }

                    continue;
                }

                lines++;
                if (sample.Count < sampleLines)
                {
                    sample.Add(line);
                }

                var (type, amount) = TypeAndAmount(line);
                byType[type] = byType.GetValueOrDefault(type) + 1;
                if (amount is { } money)
                {
                    var key = $"{type} {money.Currency.Code}";
                    sums[key] = checked(sums.GetValueOrDefault(key) + money.MinorUnits);
                }
            }

            var profiled = file as ProfiledFile;
            return new FileCheckReport
            {
                Kind = file.Kind,
                Source = file.Source,
                Recognition = file.Recognition,
                ProfileOrigin = profiled?.Profile.Origin,
                Sample = sample,
                Errors = errors,
                ErrorCount = errorCount,
                Lines = lines,
                Ignored = file.IgnoredLines,
                LinesByType = byType,
                Sums = sums.ToDictionary(pair => pair.Key, pair => Format(pair.Key, pair.Value), StringComparer.Ordinal),
                TrailerChecks = profiled?.TrailerChecks ?? [],
                HasTrailerRule = profiled?.Profile.Trailers.Count > 0,
            };
        }
    }

    /// <summary>A line as canonical fields, one line of text: <c>SETTLED line_id=T-1 batch_id=PO-1 … gross=50.00 EUR</c>.</summary>
    public static string Describe(CanonicalLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<(string Name, string? Value)>();
        switch (line)
        {
            case SettlementLine s:
                fields.AddRange([
                    ("line_id", s.LineId), ("batch_id", s.BatchId), ("settlement_date", Date(s.SettlementDate)), ("payment_id", s.PaymentId),
                    ("merchant_transaction_id", s.MerchantTransactionId), ("arn", s.Arn), ("gross", s.Gross.ToString()),
                    ("settlement_currency", s.SettlementCurrency?.Code), ("exchange_rate", s.ExchangeRate?.ToString(CultureInfo.InvariantCulture)),
                    ("fee", s.Fee?.ToString()), ("net", s.Net?.ToString()), ("card_brand", s.CardBrand), ("card_last4", s.CardLast4), ("rounding", s.Rounding)]);
                break;
            case ChargebackEvent c:
                fields.AddRange([
                    ("dispute_id", c.DisputeId), ("event_date", Date(c.EventDate)), ("payment_id", c.PaymentId), ("merchant_transaction_id", c.MerchantTransactionId),
                    ("arn", c.Arn), ("amount", c.Amount?.ToString()), ("scheme", c.Scheme), ("reason_code", c.ReasonCode), ("reason_text", c.ReasonText),
                    ("reply_by", c.ReplyBy is { } replyBy ? Date(replyBy) : null), ("rounding", c.Rounding)]);
                break;
            case TransactionLine t:
                fields.AddRange([
                    ("payment_id", t.PaymentId), ("referenced_id", t.ReferencedId), ("merchant_transaction_id", t.MerchantTransactionId), ("amount", t.Amount.ToString()),
                    ("timestamp", NodaTime.Text.InstantPattern.General.Format(t.Timestamp)), ("result_code", t.ResultCode), ("card_brand", t.CardBrand),
                    ("card_last4", t.CardLast4), ("authorization_kind", t.AuthorizationKind?.ToCode()), ("rounding", t.Rounding)]);
                break;
            case FinalAmountLine f:
                fields.AddRange([("payment_id", f.PaymentId), ("merchant_transaction_id", f.MerchantTransactionId), ("final_amount", f.FinalAmount.ToString()), ("reference", f.Reference)]);
                break;
        }

        return $"{TypeAndAmount(line).Type} {string.Join(' ', fields.Where(field => field.Value is not null).Select(field => $"{field.Name}={Quote(field.Value!)}"))}";
    }

    private static (string Type, Money? Amount) TypeAndAmount(CanonicalLine line) => line switch
    {
        SettlementLine s => (s.RecordType.ToCode(), s.Gross),
        ChargebackEvent c => (c.Event.ToCode(), c.Amount),
        TransactionLine t => (t.Type.ToCode(), t.Amount),
        FinalAmountLine f => ("FINAL_AMOUNT", f.FinalAmount),
        _ => (line.GetType().Name, null),
    };

    private static string Format(string key, long minorUnits) =>
        new Money(minorUnits, Currency.FromCode(key[(key.LastIndexOf(' ') + 1)..])).ToString();

    private static string Date(NodaTime.LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    // An amount ("50.00 EUR") reads as it is; other text with spaces is quoted, so that fields stay apart.
    private static string Quote(string value) =>
        value.Contains(' ', StringComparison.Ordinal) && !AmountText().IsMatch(value) ? $"\"{value}\"" : value;

    [System.Text.RegularExpressions.GeneratedRegex("^-?[0-9]+(\\.[0-9]+)? [A-Z]{3}$")]
    private static partial System.Text.RegularExpressions.Regex AmountText();
}
