using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>
/// Writes the settlement and chargeback files (canonical, docs/formats.md) that follow from the simulator's own
/// transactions on one business date (UTC), with discrepancies drawn from the options' seed. Pure: the same
/// transactions, date and options give the same text.
/// </summary>
/// <remarks>
/// Settlement: a SETTLED line per successful DB, CP and RB (with the fee withheld), REFUNDED per RF,
/// CHARGEBACK per CB, CHARGEBACK_REVERSED per CR; one batch per settlement currency, each with a FEE
/// line and a PAYOUT line of the batch's net (credits minus debits minus the batch fee, never below 0).
/// Chargebacks: a CHARGEBACK event per CB and a CHARGEBACK_REVERSAL per CR, one dispute per CB.
/// <para>Each line's discrepancies are drawn from the seed and the line's content (kind, amount, currency, and its
/// payment's kind, amount and brand), not from its place in the day: the same day made again, with new ids and its
/// concurrent operations landing in another order, gets the same discrepancies on the same lines.</para>
/// </remarks>
public static class AcquirerFileWriter
{
    public const string SettlementFile = "settlement";
    public const string ChargebacksFile = "chargebacks";

    private const string SettlementHeader =
        "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4";

    private const string ChargebacksHeader =
        "dispute_id,event,event_date,payment_id,merchant_transaction_id,arn,amount,currency,scheme,reason_code,reason_text,reply_by";

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    /// <param name="date">The business date: transactions processed on it (UTC).</param>
    /// <param name="transactions">Every transaction of the payments touched that day (whole trees), any order.</param>
    /// <param name="options">Fees and discrepancy rates.</param>
    public static AcquirerFiles Write(LocalDate date, IEnumerable<SimulatorTransaction> transactions, AcquirerFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(options);
        var all = transactions.ToList();
        var byId = all.ToDictionary(transaction => transaction.Id, StringComparer.Ordinal);
        var day = all
            .Where(transaction => transaction.Succeeded && transaction.Amount is not null && transaction.ProcessedAt.InUtc().Date == date && RecordType(transaction.Type) is not null)
            .OrderBy(transaction => transaction.ProcessedAt)
            .ThenBy(transaction => transaction.Id, StringComparer.Ordinal)
            .ToList();

        var stamp = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var discrepancies = new List<Discrepancy>();
        var rows = new List<SettlementRow>();
        var lineCounter = 0;
        // The letter keeps the date and the counter from reading as one long digit run (a card number to the masker).
        string NextLineId() => $"L{stamp}-N{++lineCounter:000000}";

        var unknown = 0;
        var strangers = new List<(SimulatorTransaction Transaction, Money Gross)>();
        foreach (var transaction in day)
        {
            var root = transaction.PaymentId is { } rootId && byId.TryGetValue(rootId, out var found) ? found : transaction;
            var random = LineRandom(options.Seed, "settlement", transaction, root);

            // Every draw is made for every line, so one rate changing does not move the others' draws.
            var missing = random.NextDouble() < options.MissingLineRate;
            var fx = random.NextDouble() < options.FxRate;
            var rate = Math.Round(0.80m + (decimal)random.NextDouble() * 0.40m, 4);
            var differs = random.NextDouble() < options.AmountDifferenceRate;
            var delta = random.Next(1, 101) * (random.Next(2) == 0 ? -1 : 1);
            var duplicate = random.NextDouble() < options.DuplicateRate;
            var followedByUnknown = random.NextDouble() < options.UnknownLineRate;
            var unknownAmount = random.Next(100, 10_001);
            var unknownId = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));

            var amount = transaction.Amount!.Value;
            if (followedByUnknown)
            {
                // A line for a payment the gateway never issued (another merchant account's, a test payment).
                var stranger = transaction with
                {
                    Id = unknownId, PaymentId = unknownId, Type = TransactionType.Debit, MerchantTransactionId = $"UNKNOWN-{++unknown}", PaymentBrand = null, CardLast4 = null,
                };
                strangers.Add((stranger, new Money(unknownAmount, amount.Currency)));
            }

            if (missing)
            {
                discrepancies.Add(new Discrepancy(DiscrepancyKind.MissingLine, SettlementFile, null, null, transaction.Id, amount, null, $"{transaction.Type.ToCode()} {amount} has no settlement line"));
                continue;
            }

            var gross = amount;
            if (differs)
            {
                var changed = amount.MinorUnits + delta;
                gross = new Money(changed >= 1 ? changed : amount.MinorUnits + Math.Abs(delta), amount.Currency);
            }

            Currency? settlementCurrency = null;
            decimal? exchangeRate = null;
            if (fx)
            {
                settlementCurrency = Currency.FromCode(options.FxCurrency) is var target && target != amount.Currency ? target : Currency.Eur;
                exchangeRate = rate;
            }

            var row = Row(NextLineId(), transaction, root, gross, settlementCurrency, exchangeRate, options.FeePercent);
            rows.Add(row);
            var lineNumber = rows.Count + 1;
            if (differs)
            {
                discrepancies.Add(new Discrepancy(DiscrepancyKind.AmountDifference, SettlementFile, lineNumber, row.LineId, transaction.Id, amount, gross, $"gross {gross} instead of {amount}"));
            }

            if (fx)
            {
                discrepancies.Add(new Discrepancy(DiscrepancyKind.FxLine, SettlementFile, lineNumber, row.LineId, transaction.Id, amount, gross, $"settled in {settlementCurrency!.Code} at {rate.ToString(CultureInfo.InvariantCulture)}"));
            }

            if (duplicate)
            {
                rows.Add(row with { LineId = NextLineId() });
                discrepancies.Add(new Discrepancy(DiscrepancyKind.Duplicate, SettlementFile, rows.Count + 1, rows[^1].LineId, transaction.Id, amount, gross, $"settled again; first on {row.LineId}"));
            }
        }

        // Written after the day's own lines, as acquirers append what they could not attribute.
        foreach (var (stranger, gross) in strangers)
        {
            rows.Add(Row(NextLineId(), stranger, stranger, gross, null, null, options.FeePercent));
            discrepancies.Add(new Discrepancy(DiscrepancyKind.UnknownLine, SettlementFile, rows.Count + 1, rows[^1].LineId, stranger.Id, null, gross, $"settles {stranger.Id}, which the gateway never issued"));
        }

        // One batch per settlement currency, in code order: a FEE line, then the PAYOUT.
        foreach (var batch in rows.Where(row => row.RecordType is not ("FEE" or "PAYOUT")).GroupBy(row => row.Net.Currency.Code, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).ToList())
        {
            var currency = Currency.FromCode(batch.Key);
            var batchId = BatchId(stamp, currency);
            var payout = batch.Aggregate(0L, (sum, row) => sum + (row.Credits ? row.Net.MinorUnits : -row.Net.MinorUnits));
            var fee = Round(options.BatchFee, currency);
            if (fee.IsPositive)
            {
                rows.Add(new SettlementRow(NextLineId(), batchId, "FEE", null, null, fee, null, null, null, fee, null, null, Credits: false));
                payout -= fee.MinorUnits;
            }

            var paid = new Money(Math.Max(0, payout), currency);
            rows.Add(new SettlementRow(NextLineId(), batchId, "PAYOUT", null, null, paid, null, null, null, paid, null, null, Credits: false));
        }

        var settlement = new StringBuilder(SettlementHeader).Append('\n');
        foreach (var row in rows)
        {
            settlement.Append(row.Format(DatePattern.Format(date))).Append('\n');
        }

        var (chargebacks, chargebackLines) = Chargebacks(date, day, byId, options, discrepancies);
        return new AcquirerFiles(settlement.ToString(), rows.Count, chargebacks, chargebackLines, discrepancies);
    }

    // A stable hash (FNV-1a) of what the line is, not of its random ids: string.GetHashCode changes per process.
    private static Random LineRandom(int seed, string file, SimulatorTransaction transaction, SimulatorTransaction root)
    {
        var content = $"{file}|{transaction.Type.ToCode()}|{transaction.Amount?.MinorUnits}|{transaction.Amount?.Currency.Code}|{root.Type.ToCode()}|{root.Amount?.MinorUnits}|{root.PaymentBrand}";
        var hash = 2166136261u;
        foreach (var character in content)
        {
            hash = unchecked((hash ^ character) * 16777619u);
        }

        return new Random(unchecked(seed ^ (int)hash));
    }

    /// <summary>The batch id of a date and settlement currency.</summary>
    public static string BatchId(string stamp, Currency currency) => $"B{stamp}-{currency.Code}";

    private static (string Text, int Lines) Chargebacks(
        LocalDate date,
        List<SimulatorTransaction> day,
        Dictionary<string, SimulatorTransaction> byId,
        AcquirerFileOptions options,
        List<Discrepancy> discrepancies)
    {
        var text = new StringBuilder(ChargebacksHeader).Append('\n');
        var lines = 0;
        var eventDate = DatePattern.Format(date);
        var replyBy = DatePattern.Format(date.PlusDays(30));
        var extra = 0;

        void Event(string disputeId, string type, string paymentId, string? merchantTransactionId, Money amount, string? scheme, string reasonCode)
        {
            text.Append(Csv(disputeId, type, eventDate, paymentId, merchantTransactionId, null, amount.FormatAmount(), amount.Currency.Code, scheme, reasonCode, ReasonText(reasonCode), type == "CHARGEBACK" ? replyBy : null)).Append('\n');
            lines++;
        }

        foreach (var transaction in day)
        {
            var root = transaction.PaymentId is { } rootId && byId.TryGetValue(rootId, out var found) ? found : transaction;
            var random = LineRandom(options.Seed, "chargebacks", transaction, root);
            var scheme = root.PaymentBrand;
            var extraChargeback = random.NextDouble() < options.ExtraChargebackRate;
            var extraReversal = random.NextDouble() < options.ExtraReversalRate;
            var amount = transaction.Amount!.Value;
            switch (transaction.Type)
            {
                case TransactionType.Chargeback:
                {
                    var disputed = transaction.ReferencedId!;
                    var reason = transaction.ChargebackReasonCode ?? DefaultReason(scheme);
                    Event(DisputeId(transaction.Id), "CHARGEBACK", disputed, byId.GetValueOrDefault(disputed)?.MerchantTransactionId, amount, scheme, reason);
                    var reversed = byId.Values.Any(other => other.Type == TransactionType.ChargebackReversal && other.Succeeded && other.ReferencedId == transaction.Id);
                    if (extraReversal && !reversed)
                    {
                        Event(DisputeId(transaction.Id), "CHARGEBACK_REVERSAL", disputed, byId.GetValueOrDefault(disputed)?.MerchantTransactionId, amount, scheme, reason);
                        discrepancies.Add(new Discrepancy(DiscrepancyKind.ExtraReversal, ChargebacksFile, lines + 1, DisputeId(transaction.Id), transaction.Id, null, amount, $"reversal of chargeback {transaction.Id} the gateway never had"));
                    }

                    break;
                }

                case TransactionType.ChargebackReversal:
                {
                    var chargeback = byId.GetValueOrDefault(transaction.ReferencedId!);
                    var disputed = chargeback?.ReferencedId ?? transaction.ReferencedId!;
                    Event(DisputeId(transaction.ReferencedId!), "CHARGEBACK_REVERSAL", disputed, byId.GetValueOrDefault(disputed)?.MerchantTransactionId, amount, scheme, chargeback?.ChargebackReasonCode ?? DefaultReason(scheme));
                    break;
                }

                case TransactionType.Debit or TransactionType.Capture or TransactionType.Rebill when extraChargeback:
                {
                    var disputeId = $"DX{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{++extra:0000}";
                    Event(disputeId, "CHARGEBACK", transaction.Id, transaction.MerchantTransactionId, amount, scheme, DefaultReason(scheme));
                    discrepancies.Add(new Discrepancy(DiscrepancyKind.ExtraChargeback, ChargebacksFile, lines + 1, disputeId, transaction.Id, null, amount, $"chargeback on {transaction.Type.ToCode()} {transaction.Id} the gateway never had"));
                    break;
                }
            }
        }

        return (text.ToString(), lines);
    }

    private static SettlementRow Row(string lineId, SimulatorTransaction transaction, SimulatorTransaction root, Money gross, Currency? settlementCurrency, decimal? rate, decimal feePercent)
    {
        var recordType = RecordType(transaction.Type)!;
        var currency = settlementCurrency ?? gross.Currency;
        var converted = Round(gross.ToDecimal() * (rate ?? 1m), currency);

        // The acquirer keeps its fee on what it pays out, not on what it takes back.
        var fee = recordType == "SETTLED" ? Round(converted.ToDecimal() * feePercent / 100m, currency) : Money.Zero(currency);
        var credits = recordType is "SETTLED" or "CHARGEBACK_REVERSED";
        return new SettlementRow(lineId, BatchId(transaction.ProcessedAt.InUtc().Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), currency), recordType, transaction.Id, transaction.MerchantTransactionId,
            gross, settlementCurrency, rate, fee, converted - fee, root.PaymentBrand, root.CardLast4, credits);
    }

    private static string? RecordType(TransactionType type) => type switch
    {
        TransactionType.Debit or TransactionType.Capture or TransactionType.Rebill => "SETTLED",
        TransactionType.Refund => "REFUNDED",
        TransactionType.Chargeback => "CHARGEBACK",
        TransactionType.ChargebackReversal => "CHARGEBACK_REVERSED",
        _ => null,
    };

    private static Money Round(decimal amount, Currency currency) =>
        Money.FromDecimal(Math.Round(amount, currency.Exponent, MidpointRounding.AwayFromZero), currency).Value;

    private static string DisputeId(string chargebackId) => $"D{chargebackId[..16]}";

    private static string DefaultReason(string? scheme) =>
        string.Equals(scheme, "MASTER", StringComparison.OrdinalIgnoreCase) ? "4853" : "10.4";

    private static string ReasonText(string reasonCode) => reasonCode switch
    {
        "10.4" => "Other Fraud - Card Absent Environment",
        "4853" => "Cardholder Dispute",
        _ => "Dispute",
    };

    private static string Csv(params string?[] fields) => string.Join(',', fields.Select(Quote));

    // Merchant references are free text: RFC 4180 quoting when they hold a delimiter or a quote.
    private static string Quote(string? field) =>
        field is null ? string.Empty
        : field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : field;

    private sealed record SettlementRow(
        string LineId,
        string BatchId,
        string RecordType,
        string? PaymentId,
        string? MerchantTransactionId,
        Money Gross,
        Currency? SettlementCurrency,
        decimal? ExchangeRate,
        Money? Fee,
        Money Net,
        string? CardBrand,
        string? CardLast4,
        bool Credits)
    {
        public string Format(string date) => Csv(
            LineId, date, BatchId, RecordType, PaymentId, MerchantTransactionId, null, Gross.FormatAmount(), Gross.Currency.Code,
            SettlementCurrency?.Code, ExchangeRate?.ToString("0.0000", CultureInfo.InvariantCulture), Fee?.FormatAmount(), Net.FormatAmount(), CardBrand, CardLast4);
    }
}
