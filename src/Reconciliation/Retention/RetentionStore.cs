using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Matching;

namespace Settlement.Reconciliation.Retention;

/// <summary>
/// Removes what <see cref="RetentionCutoffs"/> allow, in small transactions, each with its audit row in
/// <c>ledger.audit_log</c> (actor <c>rule/retention</c>, counts and cutoff in the details). Settlement lines and
/// dispute events go a month at a time, their partitions dropped (see the Partitions part); what waits in the default
/// partitions and the transaction-export lines go per file, as every other kind goes by age. Nothing an open
/// exception names is removed.
/// </summary>
public sealed partial class RetentionStore(NpgsqlDataSource dataSource, IClock clock, ILogger<RetentionStore> logger)
{
    // An open exception on the line keeps the line, its outcome or action, and so the exception's evidence.
    private static string NoOpenException(string row) =>
        $"NOT EXISTS (SELECT 1 FROM recon.exceptions e WHERE e.status = 'open' AND e.file_id = {row}.file_id AND e.line_number = {row}.line_number)";

    // Lines and events of old files that no month partition holds: those of months without one, and those a case
    // kept when their month was dropped (deleted here once the case is resolved).
    private static readonly string FileLinesSql =
        $"""
        WITH outcomes AS (
            DELETE FROM recon.line_outcomes_default o WHERE o.file_id = @file AND {NoOpenException("o")}
            RETURNING 1
        ), actions AS (
            DELETE FROM recon.dispute_actions_default a WHERE a.file_id = @file AND {NoOpenException("a")}
            RETURNING file_id, line_number
        ), settlement AS (
            DELETE FROM acquirer.settlement_lines_default l WHERE l.file_id = @file AND {NoOpenException("l")}
            RETURNING 1
        ), disputes AS (
            -- Only events that have acted: one still waiting (its CB not sent yet) stays to act.
            -- The file named too: its events are found by key, not by hashing every event against the actions.
            DELETE FROM acquirer.dispute_events_default d USING actions a WHERE d.file_id = @file AND d.file_id = a.file_id AND d.line_number = a.line_number
            RETURNING 1
        ), exports AS (
            DELETE FROM acquirer.transaction_lines t WHERE t.file_id = @file RETURNING 1
        )
        SELECT (SELECT count(*) FROM settlement), (SELECT count(*) FROM disputes), (SELECT count(*) FROM exports), (SELECT count(*) FROM outcomes)
        """;

    public async Task<RetentionRun> DeleteAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        // The nightly run is the one that makes the months ahead: a line of a month without its partition is not
        // refused (it waits in the default partition), but the default partition is not meant to hold a month.
        await CreatePartitionsAheadAsync(clock.GetCurrentInstant(), cancellationToken);
        var (settlementLines, disputeEvents, monthsDropped) = await DropOldMonthsAsync(cutoffs.AcquirerLines, cancellationToken);
        long transactionLines = 0, deletedFromDefault = 0;
        foreach (var file in await OldFilesAsync(cutoffs.AcquirerLines, cancellationToken))
        {
            var (settlement, disputes, exports) = await DeleteFileLinesAsync(file, cutoffs.AcquirerLines, cancellationToken);
            settlementLines += settlement;
            disputeEvents += disputes;
            transactionLines += exports;
            deletedFromDefault += settlement + disputes;
        }

        if (deletedFromDefault > 0)
        {
            await VacuumDefaultPartitionsAsync(cancellationToken);
        }

        var operations = await DeleteKindAsync(
            "operations",
            cutoffs.FinishedOperations,
            """
            DELETE FROM operations.operations o
            WHERE o.status IN ('succeeded', 'failed') AND NOT o.needs_review AND o.updated_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM recon.exceptions e WHERE e.status = 'open' AND e.transaction_id IN (o.referenced_id, o.gateway_transaction_id))
            """,
            cancellationToken);

        // A resolved exception goes once its subject is gone: its line deleted, or its leg past the aging horizon.
        // Earlier, the next run would raise it again as new.
        var exceptions = await DeleteKindAsync(
            "exceptions",
            cutoffs.ResolvedExceptions,
            """
            DELETE FROM recon.exceptions e
            WHERE e.status = 'resolved' AND e.resolved_at < @cutoff
              AND ((e.file_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM acquirer.settlement_lines l WHERE l.file_id = e.file_id AND l.line_number = e.line_number)
                    AND NOT EXISTS (SELECT 1 FROM acquirer.dispute_events d WHERE d.file_id = e.file_id AND d.line_number = e.line_number))
                OR (e.kind = 'missing_settlement'
                    AND NOT EXISTS (SELECT 1 FROM ledger.transactions t WHERE t.transaction_id = e.transaction_id AND t.processed_at > @not_aged_before))
                -- A remote source's case names its failing streak by its start: a later failure is a new streak, never this one again.
                OR e.kind IN ('source_unreachable', 'source_key_refused', 'source_host_key_mismatch'))
            """,
            cancellationToken,
            ("not_aged_before", cutoffs.NotAgedBefore));

        var jobRuns = await DeleteKindAsync(
            "job_runs",
            cutoffs.JobRuns,
            "DELETE FROM schedules.job_runs WHERE finished_at < @cutoff",
            cancellationToken);

        var run = new RetentionRun(settlementLines, disputeEvents, transactionLines, operations, exceptions, jobRuns, monthsDropped);
        LogRun(logger, run);
        return run;
    }

    private async Task<List<long>> OldFilesAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT f.file_id FROM intake.files f
            WHERE f.status = 'processed' AND f.finished_at < @cutoff
              AND (EXISTS (SELECT 1 FROM acquirer.settlement_lines_default l WHERE l.file_id = f.file_id AND {NoOpenException("l")})
                   OR EXISTS (SELECT 1 FROM recon.dispute_actions_default a WHERE a.file_id = f.file_id AND {NoOpenException("a")})
                   OR EXISTS (SELECT 1 FROM acquirer.transaction_lines t WHERE t.file_id = f.file_id))
            ORDER BY f.file_id
            """);
        command.Parameters.AddWithValue("cutoff", cutoff);
        var files = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(reader.GetInt64(0));
        }

        return files;
    }

    private async Task<(long Settlement, long Disputes, long Exports)> DeleteFileLinesAsync(long file, Instant cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Not while matching decides lines: it reads outcomes to know which legs are settled.
        await SettlementMatcher.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.Matching));
        long settlement, disputes, exports, outcomes;
        await using (var delete = new NpgsqlCommand(FileLinesSql, connection, transaction))
        {
            delete.Parameters.AddWithValue("file", file);
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (settlement, disputes, exports, outcomes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        await AuditAsync(connection, transaction, $"acquirer lines of file {file}", cutoff,
            $$"""{"file_id": {{file}}, "settlement_lines": {{settlement}}, "line_outcomes": {{outcomes}}, "dispute_events": {{disputes}}, "transaction_lines": {{exports}}}""",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (settlement, disputes, exports);
    }

    private async Task<long> DeleteKindAsync(
        string kind, Instant cutoff, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long deleted;
        await using (var delete = new NpgsqlCommand(sql, connection, transaction))
        {
            delete.Parameters.AddWithValue("cutoff", cutoff);
            foreach (var (name, value) in parameters)
            {
                delete.Parameters.AddWithValue(name, value);
            }

            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (deleted > 0)
        {
            await AuditAsync(connection, transaction, kind, cutoff, $$"""{"{{kind}}": {{deleted}}}""", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string what, Instant cutoff, string counts, CancellationToken cancellationToken)
    {
        await using var audit = new NpgsqlCommand(
            """
            INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, reason, details)
            VALUES (@now, 'rule', 'retention', 'retention_deleted', @reason, @counts::jsonb || jsonb_build_object('cutoff', @cutoff))
            """,
            connection,
            transaction);
        audit.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        audit.Parameters.AddWithValue("reason", $"retention: {what} older than {cutoff}");
        audit.Parameters.AddWithValue("counts", counts);
        audit.Parameters.AddWithValue("cutoff", cutoff.ToString());
        await audit.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.Retention.Run, Level = LogLevel.Information, Message = "Retention {Run}")]
    private static partial void LogRun(ILogger logger, RetentionRun run);
}
