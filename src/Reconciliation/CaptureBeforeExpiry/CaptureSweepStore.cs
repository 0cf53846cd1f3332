using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>
/// The capture sweep's data: the PAs it considers, and its decisions (<c>recon.capture_sweeps</c>,
/// <c>recon.capture_decisions</c>). A sweep's decisions, its operation rows, the expiry marks and their
/// exceptions are written in one transaction, in bulk; a unique index lets only one sweep ever capture,
/// reverse or expire a given PA, so two overlapping sweeps cannot both act on it.
/// </summary>
public sealed class CaptureSweepStore(NpgsqlDataSource dataSource)
{
    /// <summary>The actor of everything the sweep does, in operations and the audit log.</summary>
    public const string Actor = "capture-sweep";

    /// <summary>
    /// Successful PAs with an open amount that no sweep has captured, reversed or expired yet, and that can be due
    /// at <paramref name="now"/>: those whose recorded expiry is within the lead time, or with no recorded expiry and
    /// old enough for the policy's shortest window (less a day, for DST). With their hold and final amount.
    /// </summary>
    public async Task<IReadOnlyList<CaptureCandidate>> CandidatesAsync(ExpiryPolicy policy, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var command = dataSource.CreateCommand(
            """
            WITH finals AS (
                SELECT DISTINCT ON (dedupe_key) dedupe_key, final_minor, currency
                FROM acquirer.final_amounts ORDER BY dedupe_key, file_id DESC, line_number DESC
            )
            SELECT p.payment_id, p.processed_at, p.authorization_kind, p.card_brand, p.merchant_category_code, p.initiated_by, p.expires_at,
                   p.open_minor, p.currency, h.note, coalesce(fp.final_minor, fm.final_minor), coalesce(fp.currency, fm.currency), p.captured_minor
            FROM ledger.payments p
            LEFT JOIN ledger.payment_holds h ON h.payment_id = p.payment_id
            LEFT JOIN finals fp ON fp.dedupe_key = 'payment:' || p.payment_id
            LEFT JOIN finals fm ON fm.dedupe_key = 'merchant:' || p.merchant_transaction_id
            WHERE p.payment_type = 'PA' AND p.open_minor > 0 AND p.succeeded
              AND (p.expires_at <= @horizon OR (p.expires_at IS NULL AND p.processed_at <= @authorized_before))
              AND NOT EXISTS (SELECT 1 FROM recon.capture_decisions d WHERE d.payment_id = p.payment_id AND d.action IN ('capture', 'reverse', 'expired'))
            ORDER BY p.payment_id
            """);
        command.Parameters.AddWithValue("horizon", now + policy.LeadTime);
        command.Parameters.AddWithValue("authorized_before", now + policy.LeadTime - Duration.FromDays(policy.ShortestValidityDays - 1));
        var candidates = new List<CaptureCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var currency = Currency.FromCode(reader.GetString(8));
            candidates.Add(new CaptureCandidate(
                reader.GetString(0),
                reader.GetFieldValue<Instant>(1),
                new PaymentDetails
                {
                    AuthorizationKind = AuthorizationKindCode.FromStored(reader.GetString(2)),
                    CardBrand = reader.IsDBNull(3) ? null : reader.GetString(3),
                    MerchantCategoryCode = reader.IsDBNull(4) ? null : reader.GetString(4),
                    InitiatedBy = InitiatorCode.FromStored(reader.GetString(5)),
                    ExpiresAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<Instant>(6),
                },
                new Money(reader.GetInt64(7), currency),
                new Money(reader.GetInt64(12), currency),
                reader.IsDBNull(10) ? null : new Money(reader.GetInt64(10), Currency.FromCode(reader.GetString(11))),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return candidates;
    }

    /// <summary>Holds the planning of every operation (<see cref="Operations.OperationPlanningLock"/>) until disposed.</summary>
    public Task<IAsyncDisposable> HoldOperationPlanningAsync(CancellationToken cancellationToken) =>
        Operations.OperationPlanningLock.HoldAllAsync(dataSource, cancellationToken);

    public async Task<long> BeginAsync(Instant now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO recon.capture_sweeps (started_at) VALUES (@now) RETURNING sweep_id");
        command.Parameters.AddWithValue("now", now);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishAsync(long sweepId, string summary, Instant now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE recon.capture_sweeps SET finished_at = @now, summary = @summary WHERE sweep_id = @id");
        command.Parameters.AddWithValue("id", sweepId);
        command.Parameters.AddWithValue("summary", summary);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records the sweep's outcomes in one transaction: the decisions (a PA another sweep already captured,
    /// reversed or expired is left out), the operation rows of the captures and reversals this sweep won, and for
    /// each PA found expired its expiry on the payment, an audit row and a <c>preauth_expired</c> exception.
    /// </summary>
    /// <returns>The PAs this sweep won: its decision stands, and its operation (if any) is stored.</returns>
    public async Task<IReadOnlySet<string>> RecordAsync(long sweepId, IReadOnlyList<SweepOutcome> outcomes, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TEMP TABLE incoming_capture_decisions (
                payment_id text, action text, amount_minor bigint, currency char(3), expires_at timestamptz, due_at timestamptz,
                reason text, operation_id text, operation_kind text, operation_amount_minor bigint) ON COMMIT DROP
            """,
            cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY incoming_capture_decisions FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var outcome in outcomes)
            {
                await WriteAsync(importer, outcome, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // In payment order, so two sweeps inserting overlapping sets wait on each other instead of deadlocking.
        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO recon.capture_decisions (sweep_id, payment_id, action, amount_minor, currency, expires_at, due_at, reason, operation_id, decided_at)
            SELECT @sweep, payment_id, action, amount_minor, currency, expires_at, due_at, reason, operation_id, @now
            FROM incoming_capture_decisions ORDER BY payment_id
            ON CONFLICT (payment_id) WHERE action IN ('capture', 'reverse', 'expired') DO NOTHING
            """,
            cancellationToken,
            sweepId,
            now);

        // The same row OperationStore.InsertAsync writes, in bulk and in this transaction: a won decision and its
        // operation exist together or not at all.
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            INSERT INTO operations.operations (operation_id, kind, referenced_id, currency, amount_minor, status,
                requested_by_kind, requested_by, request_reason, created_at, updated_at)
            SELECT i.operation_id, i.operation_kind, i.payment_id, i.currency, i.operation_amount_minor, 'requested', 'rule', '{Actor}', i.reason, @now, @now
            FROM incoming_capture_decisions i
            JOIN recon.capture_decisions d ON d.sweep_id = @sweep AND d.payment_id = i.payment_id AND d.operation_id = i.operation_id
            """,
            cancellationToken,
            sweepId,
            now);

        await ExecuteAsync(
            connection,
            transaction,
            $"""
            UPDATE ledger.payments p SET expires_at = d.expires_at, updated_at = @now
            FROM recon.capture_decisions d
            WHERE d.sweep_id = @sweep AND d.action = 'expired' AND d.payment_id = p.payment_id AND p.expires_at IS NULL;

            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason)
            SELECT @now, 'rule', '{Actor}', 'payment.expired', payment_id, payment_id, reason
            FROM recon.capture_decisions WHERE sweep_id = @sweep AND action = 'expired';

            INSERT INTO recon.exceptions (kind, subject, transaction_id, summary, raised_at)
            SELECT @kind, 'payment ' || payment_id, payment_id, 'pre-authorization ' || payment_id || ' ' || reason, @now
            FROM recon.capture_decisions WHERE sweep_id = @sweep AND action = 'expired'
            ON CONFLICT (kind, subject) DO NOTHING;
            """,
            cancellationToken,
            sweepId,
            now,
            ExceptionKind.PreAuthorizationExpired);

        var won = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand("SELECT payment_id FROM recon.capture_decisions WHERE sweep_id = @sweep", connection, transaction))
        {
            select.Parameters.AddWithValue("sweep", sweepId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                won.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return won;
    }

    /// <summary>
    /// Operations a sweep stored but whose job it never enqueued (the process died between its commit and the
    /// enqueue), older than <paramref name="createdBefore"/> so that a sweep still enqueueing is left alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> StrandedOperationsAsync(Instant createdBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT o.operation_id FROM recon.capture_decisions d
            JOIN operations.operations o ON o.operation_id = d.operation_id
            WHERE o.job_id IS NULL AND o.status = 'requested' AND o.created_at < @before
            ORDER BY o.created_at
            """);
        command.Parameters.AddWithValue("before", createdBefore);
        var stranded = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stranded.Add(reader.GetString(0));
        }

        return stranded;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, SweepOutcome outcome, CancellationToken cancellationToken)
    {
        var decision = outcome.Decision;
        var amount = decision switch
        {
            SweepDecision.Capture capture => capture.Amount,
            SweepDecision.Reverse reverse => reverse.OpenAmount,
            SweepDecision.Expired expired => expired.OpenAmount,
            SweepDecision.Held held => held.OpenAmount,
            _ => throw new ArgumentException($"A {decision.Code} decision is not recorded.", nameof(outcome)),
        };
        var operation = outcome.Operation;
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(decision.PaymentId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(outcome.Action, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(amount.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(amount.Currency.Code, NpgsqlDbType.Char, cancellationToken);
        await importer.WriteAsync(decision.Expiry.ExpiresAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(decision.DueAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(outcome.Reason, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(importer, operation?.Id, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(importer, operation?.Kind.ToCode(), NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(importer, operation?.Amount?.MinorUnits, NpgsqlDbType.Bigint, cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, long? sweepId = null, Instant? now = null, ExceptionKind? raises = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (raises is not null)
        {
            command.Parameters.AddWithValue("kind", raises.Code);
        }

        if (sweepId is { } sweep)
        {
            command.Parameters.AddWithValue("sweep", sweep);
        }

        if (now is { } instant)
        {
            command.Parameters.AddWithValue("now", instant);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
