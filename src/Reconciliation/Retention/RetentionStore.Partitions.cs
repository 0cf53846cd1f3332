using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Matching;

namespace Settlement.Reconciliation.Retention;

/// <summary>
/// The monthly partitions of what grows with time (migration 0055): made ahead by the nightly run, and dropped a
/// whole month at a time once the month is past the cutoff. The rows an open case still names, and dispute events
/// that have not acted yet, move to the table's default partition first; every read goes through the parent table,
/// so it finds them there as before.
/// </summary>
public sealed partial class RetentionStore
{
    /// <summary>How many months after the current one (UTC) have their partitions made ahead.</summary>
    public const int MonthsAhead = 2;

    // Every table partitioned by the month of its business date.
    private static readonly string[] PartitionedTables =
        ["acquirer.settlement_lines", "recon.line_outcomes", "acquirer.dispute_events", "recon.dispute_actions", "ledger.audit_log"];

    /// <summary>
    /// Makes the partitions of the month before <paramref name="now"/>'s, its own and the next <see cref="MonthsAhead"/>
    /// (UTC) where missing, moving rows of those months out of the default partitions; returns how many it made.
    /// </summary>
    public async Task<int> CreatePartitionsAheadAsync(Instant now, CancellationToken cancellationToken)
    {
        var date = now.InUtc().Date;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Moving a month's waiting rows out of the default partition must not race matching's reads of them.
        await SettlementMatcher.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.Matching));
        await using var create = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE recon.create_month_partition(t::regclass, (@month + k * interval '1 month')::date))
            FROM unnest(@tables) t, generate_series(-1, @ahead) k
            """,
            connection,
            transaction);
        create.Parameters.AddWithValue("month", new LocalDate(date.Year, date.Month, 1));
        create.Parameters.AddWithValue("tables", PartitionedTables);
        create.Parameters.AddWithValue("ahead", MonthsAhead);
        var created = (int)(long)(await create.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        if (created > 0)
        {
            LogPartitionsCreated(logger, created);
        }

        return created;
    }

    /// <summary>
    /// Drops every month of settlement lines (with their outcomes) and of dispute events (with their actions) that
    /// ended at or before <paramref name="cutoff"/>'s date (UTC), keeping what an open case names and the events that
    /// have not acted. Returns the rows dropped, not kept, and the months.
    /// </summary>
    private async Task<(long Lines, long Disputes, int Months)> DropOldMonthsAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        var date = cutoff.InUtc().Date;
        var before = new LocalDate(date.Year, date.Month, 1);
        long lines = 0, disputes = 0;
        var months = 0;
        foreach (var month in await MonthsBeforeAsync("acquirer.settlement_lines", before, cancellationToken))
        {
            lines += await DropMonthAsync(month, "acquirer.settlement_lines", "recon.line_outcomes", LinesKeptSql, cutoff, cancellationToken);
            months++;
        }

        foreach (var month in await MonthsBeforeAsync("acquirer.dispute_events", before, cancellationToken))
        {
            disputes += await DropMonthAsync(month, "acquirer.dispute_events", "recon.dispute_actions", DisputesKeptSql, cutoff, cancellationToken);
            months++;
        }

        return (lines, disputes, months);
    }

    // {0}: the detached month of lines, {1}: of outcomes. What an open case names is found from the cases (few),
    // each by the month's key, not by reading the month against the cases.
    private const string LinesKeptSql =
        """
        WITH named AS (
            SELECT DISTINCT file_id, line_number FROM recon.exceptions WHERE status = 'open' AND file_id IS NOT NULL
        ), kept AS (
            INSERT INTO acquirer.settlement_lines SELECT l.* FROM named n JOIN {0} l USING (file_id, line_number) RETURNING 1
        ), kept_outcomes AS (
            INSERT INTO recon.line_outcomes SELECT o.* FROM named n JOIN {1} o USING (file_id, line_number) RETURNING 1
        )
        SELECT (SELECT count(*) FROM {0}), (SELECT count(*) FROM kept), (SELECT count(*) FROM {1}), (SELECT count(*) FROM kept_outcomes)
        """;

    // {0}: the detached month of dispute events, {1}: of their actions. An event stays while a case names it, or
    // while it has not acted (its action still to come); an action stays with its event.
    private const string DisputesKeptSql =
        """
        WITH kept AS (
            INSERT INTO acquirer.dispute_events
            SELECT d.* FROM {0} d
            WHERE (d.file_id, d.line_number) IN (SELECT file_id, line_number FROM recon.exceptions WHERE status = 'open' AND file_id IS NOT NULL)
               OR NOT EXISTS (SELECT 1 FROM {1} a WHERE a.file_id = d.file_id AND a.line_number = d.line_number)
            RETURNING file_id, line_number
        ), kept_actions AS (
            INSERT INTO recon.dispute_actions SELECT a.* FROM kept k JOIN {1} a USING (file_id, line_number) RETURNING 1
        )
        SELECT (SELECT count(*) FROM {0}), (SELECT count(*) FROM kept), (SELECT count(*) FROM {1}), (SELECT count(*) FROM kept_actions)
        """;

    private async Task<List<LocalDate>> MonthsBeforeAsync(string table, LocalDate before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT month FROM recon.month_partitions(@table::regclass) WHERE month < @before ORDER BY month");
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("before", before);
        var months = new List<LocalDate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            months.Add(reader.GetFieldValue<LocalDate>(0));
        }

        return months;
    }

    /// <summary>
    /// Detaches the month's partitions of a table and of its companion (the outcomes or actions filed under the same
    /// date), puts back through the parents what must stay (it lands in the default partitions: no monthly partition
    /// covers that month any more), drops the rest with the partitions and audits it; one transaction.
    /// </summary>
    private async Task<long> DropMonthAsync(LocalDate month, string table, string companion, string keptSql, Instant cutoff, CancellationToken cancellationToken)
    {
        var suffix = $"_{month.Year:D4}_{month.Month:D2}";
        string tablePartition = table + suffix, companionPartition = companion + suffix;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Not while matching decides lines: it reads outcomes and settlements.
        await SettlementMatcher.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.Matching));
        // The companion's month exists whenever the table's does (both are made together); one made by hand may lack it.
        await using (var companionMonth = new NpgsqlCommand(
            $"SELECT recon.create_month_partition('{companion}', @month)", connection, transaction))
        {
            companionMonth.Parameters.AddWithValue("month", month);
            await companionMonth.ExecuteNonQueryAsync(cancellationToken);
        }

        // A plain DETACH: CONCURRENTLY cannot run in a transaction, nor on a table with a default partition. It
        // holds the parent's lock only until this transaction ends, which moves a handful of rows.
        await SettlementMatcher.ExecuteAsync(connection, transaction,
            $"ALTER TABLE {table} DETACH PARTITION {tablePartition}; ALTER TABLE {companion} DETACH PARTITION {companionPartition}", cancellationToken);
        long rows, kept, companionRows, companionKept;
        await using (var keep = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, keptSql, tablePartition, companionPartition), connection, transaction))
        {
            await using var reader = await keep.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (rows, kept, companionRows, companionKept) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        await SettlementMatcher.ExecuteAsync(connection, transaction, $"DROP TABLE {tablePartition}, {companionPartition}", cancellationToken);
        if (rows + companionRows > 0)
        {
            var first = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            await AuditAsync(connection, transaction, $"{table} of {first}", cutoff,
                $$"""{"month": "{{first}}", "table": "{{table}}", "dropped": {{rows - kept}}, "kept": {{kept}}, "companion": "{{companion}}", "companion_dropped": {{companionRows - companionKept}}, "companion_kept": {{companionKept}}}""",
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMonthDropped(logger, tablePartition, rows - kept, kept);
        return rows - kept;
    }

    // The default partitions hold few rows (what no month covers, and what cases keep); after rows are deleted
    // there, a vacuum clears them at once instead of waiting for autovacuum's threshold.
    private async Task VacuumDefaultPartitionsAsync(CancellationToken cancellationToken)
    {
        await using var vacuum = dataSource.CreateCommand(
            "VACUUM acquirer.settlement_lines_default, recon.line_outcomes_default, acquirer.dispute_events_default, recon.dispute_actions_default");
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.Retention.PartitionsCreated, Level = LogLevel.Information, Message = "Retention made {Count} month partition(s) ahead")]
    private static partial void LogPartitionsCreated(ILogger logger, int count);

    [LoggerMessage(EventId = LogEvents.Retention.MonthDropped, Level = LogLevel.Information, Message = "Retention dropped {Partition}: {Dropped} row(s), {Kept} kept in the default partition")]
    private static partial void LogMonthDropped(ILogger logger, string partition, long dropped, long kept);
}
