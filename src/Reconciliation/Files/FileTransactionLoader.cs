using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// Feeds the ledger from a gateway transactions export, in bulk, through the same <see cref="BackofficeRules"/>
/// as every other change: the file's staged lines are read in chunks in processing order, the payments they
/// touch are loaded and locked once per chunk, every line is decided in memory, and the accepted
/// transactions, balances and audit rows are written with binary COPY — all inside the file's transaction,
/// so the file feeds the ledger entirely or not at all.
/// </summary>
/// <remarks>
/// Each line is judged at the time the gateway processed it (a capture two days before expiry was valid,
/// whenever the export arrives). Declined backoffice operations are facts of the export that moved no
/// money: they are not legs and are skipped; declined payments are recorded so that operations on them are
/// refused for the right reason.
/// </remarks>
public sealed class FileTransactionLoader(IClock clock)
{
    private const int ChunkSize = 20_000;

    public async Task<FileLedgerResult> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rejections = new List<(long LineNumber, string TransactionId, Rejection Rejection)>();
        long recorded = 0;
        long alreadyKnown = 0;
        long skipped = 0;
        long afterLine = 0;
        Instant afterTime = Instant.MinValue;
        while (true)
        {
            var lines = await ReadChunkAsync(connection, transaction, fileId, afterTime, afterLine, cancellationToken);
            if (lines.Count == 0)
            {
                break;
            }

            (afterTime, afterLine) = (lines[^1].ProcessedAt, lines[^1].LineNumber);
            var payments = await LoadTouchedPaymentsAsync(connection, transaction, lines, cancellationToken);
            var decided = Decide(lines, payments);
            rejections.AddRange(decided.Rejections);
            alreadyKnown += decided.AlreadyKnown;
            skipped += decided.Skipped;
            recorded += decided.NewTransactions.Count;
            await WriteAsync(connection, transaction, decided, payments, fileName, cancellationToken);
        }

        return new FileLedgerResult(recorded, alreadyKnown, skipped, rejections);
    }

    private static async Task<List<Line>> ReadChunkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, Instant afterTime, long afterLine, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT line_number, payment_id, payment_type, referenced_id, merchant_transaction_id, amount_minor, currency, processed_at,
                   result_code, card_brand, card_bin, card_last4, arn, authorization_kind, merchant_category_code, initiated_by
            FROM acquirer.transaction_lines
            WHERE file_id = @file AND (processed_at, line_number) > (@after_time, @after_line)
            ORDER BY processed_at, line_number
            LIMIT @limit
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("file", fileId);
        command.Parameters.AddWithValue("after_time", afterTime);
        command.Parameters.AddWithValue("after_line", afterLine);
        command.Parameters.AddWithValue("limit", ChunkSize);
        var lines = new List<Line>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = AuthorizationKindCode.FromStored(reader.IsDBNull(13) ? null : reader.GetString(13));
            lines.Add(new Line(
                reader.GetInt64(0),
                reader.GetString(1),
                TransactionTypeCode.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                new Money(reader.GetInt64(5), Currency.FromCode(reader.GetString(6))),
                reader.GetFieldValue<Instant>(7),
                reader.GetString(8),
                new PaymentDetails
                {
                    CardBrand = reader.IsDBNull(9) ? null : reader.GetString(9),
                    CardBin = DigitsOrNull(reader, 10, 6, 8),
                    CardLast4 = DigitsOrNull(reader, 11, 4, 4),
                    Arn = reader.IsDBNull(12) ? null : reader.GetString(12),
                    AuthorizationKind = kind,
                    MerchantCategoryCode = reader.IsDBNull(14) ? null : reader.GetString(14),
                    InitiatedBy = InitiatorCode.FromStored(reader.IsDBNull(15) ? null : reader.GetString(15)),
                }));
        }

        return lines;
    }

    /// <summary>Loads and locks (in id order, so two files cannot deadlock) every existing payment the chunk touches.</summary>
    /// <remarks>
    /// Three single-table lookups by key rather than one join: found by the fault harness, a join here turned into a
    /// nested loop over the whole tables (minutes per chunk) when the statistics said the ledger was empty — as
    /// they do after killed loads leave only dead rows behind and autovacuum analyses them. A lookup by key on one
    /// table costs at worst one scan of it, whatever the statistics say.
    /// </remarks>
    private static async Task<Dictionary<string, Payment>> LoadTouchedPaymentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Line> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(line => line.Id).Concat(lines.Where(line => line.ReferencedId is not null).Select(line => line.ReferencedId!)).Distinct().ToArray();
        var touched = new List<string>();
        await using (var find = new NpgsqlCommand("SELECT DISTINCT payment_id FROM ledger.transactions WHERE transaction_id = ANY(@ids)", connection, transaction))
        {
            find.Parameters.AddWithValue("ids", ids);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                touched.Add(reader.GetString(0));
            }
        }

        if (touched.Count == 0)
        {
            return new Dictionary<string, Payment>(StringComparer.Ordinal);
        }

        var details = new Dictionary<string, PaymentDetails>(StringComparer.Ordinal);
        await using (var lockPayments = new NpgsqlCommand(
            """
            SELECT payment_id, authorization_kind, card_brand, card_bin, card_last4, merchant_category_code, arn, expires_at, initiated_by
            FROM ledger.payments WHERE payment_id = ANY(@payments)
            ORDER BY payment_id
            FOR UPDATE
            """,
            connection,
            transaction))
        {
            lockPayments.Parameters.AddWithValue("payments", touched.ToArray());
            await using var reader = await lockPayments.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                details[reader.GetString(0)] = LedgerStore.ReadDetails(reader);
            }
        }

        var transactions = details.Keys.ToDictionary(id => id, _ => new List<LedgerTransaction>(), StringComparer.Ordinal);
        await using (var legs = new NpgsqlCommand(
            """
            SELECT transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, processed_at, result_code, merchant_transaction_id
            FROM ledger.transactions WHERE payment_id = ANY(@payments)
            ORDER BY payment_id, sequence
            """,
            connection,
            transaction))
        {
            legs.Parameters.AddWithValue("payments", details.Keys.ToArray());
            await using var reader = await legs.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                transactions[reader.GetString(1)].Add(LedgerStore.ReadTransaction(reader, first: 0));
            }
        }

        return LedgerStore.PaymentsOf(details, transactions);
    }

    // An export's BIN or last four that is not plain digits (masked, shortened) is dropped rather than stored wrong.
    private static string? DigitsOrNull(NpgsqlDataReader reader, int column, int minLength, int maxLength)
    {
        var value = reader.IsDBNull(column) ? null : reader.GetString(column);
        return value is not null && value.Length >= minLength && value.Length <= maxLength && value.All(char.IsAsciiDigit) ? value : null;
    }

    /// <summary>Decides every line of the chunk in order, against the payments as they stand after the lines before it.</summary>
    private static Decisions Decide(List<Line> lines, Dictionary<string, Payment> payments)
    {
        var decisions = new Decisions();
        var paymentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var payment in payments.Values)
        {
            foreach (var leg in payment.Transactions)
            {
                paymentOf[leg.Id] = payment.Id;
            }
        }

        foreach (var line in lines)
        {
            if (paymentOf.TryGetValue(line.Id, out var knownPaymentId))
            {
                var known = payments[knownPaymentId].Find(line.Id)!;
                if (known.Type == line.Type && known.Amount == line.Amount && known.ReferencedId == line.ReferencedId)
                {
                    decisions.AlreadyKnown++;
                }
                else
                {
                    decisions.Rejections.Add((line.LineNumber, line.Id, new Rejection(
                        LedgerRule.TransactionIdReusedWithOtherContent,
                        $"{line.Id} is already recorded as {known.Type.ToCode()} {known.Amount}; it cannot also be {line.Type.ToCode()} {line.Amount}")));
                }

                continue;
            }

            if (line.Type.StartsPayment())
            {
                var started = BackofficeRules.Start(new NewPayment(line.Id, line.Type, line.Amount, line.ProcessedAt, line.ResultCode, line.MerchantTransactionId, line.Details));
                if (started.TryGetValue(out var payment, out var rejection))
                {
                    payments[payment.Id] = payment;
                    paymentOf[payment.Id] = payment.Id;
                    decisions.NewPayments.Add(payment.Id);
                    decisions.NewTransactions.Add((line.LineNumber, payment.Root, []));
                }
                else
                {
                    decisions.Rejections.Add((line.LineNumber, line.Id, rejection));
                }

                continue;
            }

            if (!ResultCodeClassifier.IsSuccessful(line.ResultCode))
            {
                decisions.Skipped++;
                continue;
            }

            if (line.ReferencedId is null || !paymentOf.TryGetValue(line.ReferencedId, out var paymentId))
            {
                decisions.Rejections.Add((line.LineNumber, line.Id, new Rejection(LedgerRule.ReferenceNotFound, $"{line.ReferencedId} is not a known transaction")));
                continue;
            }

            var request = new OperationRequest(line.Id, line.Type, line.ReferencedId, line.Amount, line.ProcessedAt, line.ResultCode, line.MerchantTransactionId);
            var applied = BackofficeRules.Apply(payments[paymentId], request, line.ProcessedAt);
            if (applied.TryGetValue(out var operation, out var refused))
            {
                payments[paymentId] = payments[paymentId].With(operation.Transaction);
                paymentOf[operation.Transaction.Id] = paymentId;
                decisions.Touched.Add(paymentId);
                decisions.NewTransactions.Add((line.LineNumber, operation.Transaction, operation.Warnings));
            }
            else
            {
                decisions.Rejections.Add((line.LineNumber, line.Id, refused));
            }
        }

        return decisions;
    }

    private async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Decisions decided, Dictionary<string, Payment> payments, string fileName, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using (var importer = await connection.BeginBinaryImportAsync(
            """
            COPY ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded, merchant_transaction_id, processed_at,
                authorization_kind, card_brand, card_bin, card_last4, merchant_category_code, arn, expires_at, recorded_at, updated_at, initiated_by)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken))
        {
            foreach (var payment in decided.NewPayments.Select(id => payments[id]))
            {
                var root = payment.Root;
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(root.Id, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(root.Type.ToCode(), NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(root.Currency.Code, NpgsqlDbType.Char, cancellationToken);
                await importer.WriteAsync(root.Amount.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(root.ResultCode, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(payment.Succeeded, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, root.MerchantTransactionId, cancellationToken);
                await importer.WriteAsync(root.ProcessedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(payment.Details.AuthorizationKind.ToCode(), NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, payment.Details.CardBrand, cancellationToken);
                await WriteNullableAsync(importer, payment.Details.CardBin, cancellationToken);
                await WriteNullableAsync(importer, payment.Details.CardLast4, cancellationToken);
                await WriteNullableAsync(importer, payment.Details.MerchantCategoryCode, cancellationToken);
                await WriteNullableAsync(importer, payment.Details.Arn, cancellationToken);
                await importer.WriteNullAsync(cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(payment.Details.InitiatedBy.ToCode(), NpgsqlDbType.Text, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            """
            COPY ledger.transactions (transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, result_code,
                merchant_transaction_id, processed_at, recorded_at)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken))
        {
            foreach (var (_, leg, _) in decided.NewTransactions)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(leg.Id, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(leg.PaymentId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(leg.Type.ToCode(), NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, leg.ReferencedId, cancellationToken);
                await importer.WriteAsync(leg.Currency.Code, NpgsqlDbType.Char, cancellationToken);
                await importer.WriteAsync(leg.Amount.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(leg.ResultCode, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, leg.MerchantTransactionId, cancellationToken);
                await importer.WriteAsync(leg.ProcessedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await WriteBalancesAsync(connection, transaction, decided.NewPayments.Concat(decided.Touched).Distinct().Select(id => payments[id]), now, cancellationToken);

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var (lineNumber, leg, warnings) in decided.NewTransactions)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync("file", NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(fileName, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(leg.ReferencedId is null ? "payment.recorded" : "leg.recorded", NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(leg.PaymentId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(leg.Id, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync($"line {Files.CanonicalLine.Label(lineNumber)} of transactions file {fileName}", NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(AuditDetails.For(leg, warnings, lineNumber), NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }

    private static async Task WriteBalancesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Payment> payments, Instant now, CancellationToken cancellationToken)
    {
        var rows = payments.Select(payment => (payment.Id, Balances: payment.Balances)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        long[] Column(Func<PaymentBalances, Money> pick) => rows.Select(row => pick(row.Balances).MinorUnits).ToArray();
        await using var update = new NpgsqlCommand(
            """
            UPDATE ledger.payments p SET
                authorized_minor = b.authorized, captured_minor = b.captured, open_minor = b.open, reversed_minor = b.reversed,
                refunded_minor = b.refunded, charged_back_minor = b.charged_back, chargeback_reversed_minor = b.chargeback_reversed,
                rebilled_minor = b.rebilled, paid_out_minor = b.paid_out, updated_at = @now
            FROM unnest(@ids, @authorized, @captured, @open, @reversed, @refunded, @charged_back, @chargeback_reversed, @rebilled, @paid_out)
                AS b(payment_id, authorized, captured, open, reversed, refunded, charged_back, chargeback_reversed, rebilled, paid_out)
            -- The key predicate as well as the join: the payments are found by their index even when the
            -- statistics are wrong (see LoadTouchedPaymentsAsync).
            WHERE p.payment_id = b.payment_id AND p.payment_id = ANY(@ids)
            """,
            connection,
            transaction);
        update.Parameters.AddWithValue("ids", rows.Select(row => row.Id).ToArray());
        update.Parameters.AddWithValue("authorized", Column(balances => balances.Authorized));
        update.Parameters.AddWithValue("captured", Column(balances => balances.Captured));
        update.Parameters.AddWithValue("open", Column(balances => balances.Open));
        update.Parameters.AddWithValue("reversed", Column(balances => balances.Reversed));
        update.Parameters.AddWithValue("refunded", Column(balances => balances.Refunded));
        update.Parameters.AddWithValue("charged_back", Column(balances => balances.ChargedBack));
        update.Parameters.AddWithValue("chargeback_reversed", Column(balances => balances.ChargebackReversed));
        update.Parameters.AddWithValue("rebilled", Column(balances => balances.Rebilled));
        update.Parameters.AddWithValue("paid_out", Column(balances => balances.PaidOut));
        update.Parameters.AddWithValue("now", now);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private sealed record Line(
        long LineNumber, string Id, TransactionType Type, string? ReferencedId, string? MerchantTransactionId, Money Amount, Instant ProcessedAt, string ResultCode, PaymentDetails Details);

    private sealed class Decisions
    {
        public List<string> NewPayments { get; } = [];

        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public List<(long LineNumber, LedgerTransaction Transaction, IReadOnlyList<LedgerWarning> Warnings)> NewTransactions { get; } = [];

        public List<(long LineNumber, string TransactionId, Rejection Rejection)> Rejections { get; } = [];

        public long AlreadyKnown { get; set; }

        public long Skipped { get; set; }
    }
}
