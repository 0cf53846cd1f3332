using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Reconciliation.Matching;

/// <summary>
/// Ages legs that should have settled: a DB, CP, RB, RF, CB or CR leg with no settling line
/// <see cref="MatchingOptions.ExpectedSettlementLag"/> after it was processed raises one <c>missing_settlement</c>
/// exception; an open one whose leg has settled since is resolved by the rule, saying so. Every matching run
/// does this in its own transaction; the nightly schedule also runs it alone, so a leg becomes missing on time
/// even on a day without files.
/// </summary>
/// <remarks>
/// A run reads only the legs it has not checked yet (the watermark in <c>recon.nightly_watermarks</c>): those
/// that crossed the lag since the last run (processed after its mark, less <see cref="MatchingOptions.AgingWatermarkMargin"/>),
/// and those written since (their sequence above its mark: late arrivals, processed long before they were known).
/// The processed mark only moves forward, so a clock set back never makes a run skip what an earlier one had not
/// checked; while the clock is behind it, the sequence mark stays too, so legs written meanwhile are still read
/// once they are due by the clock. The sequence mark moves to the highest sequence a run saw only when every
/// transaction then in flight has finished, so a leg a long transaction commits late is read too.
/// </remarks>
public sealed partial class MissingSettlementAging(NpgsqlDataSource dataSource, MatchingOptions options, IClock clock, ILogger<MissingSettlementAging> logger)
{
    private const string Watermark = "missing-settlement-aging";

    // A first run (no mark yet) reads every leg within the horizon, as every run did before the watermark.
    private const string ReadWatermarkSql =
        """
        SELECT w.processed_through, w.sequence_through, w.pending_sequence, w.pending_xmax <= pg_snapshot_xmin(pg_current_snapshot())
        FROM recon.nightly_watermarks w WHERE w.name = @name
        """;

    // The highest sequence visible and the snapshot's xmax, from one snapshot: once the oldest running transaction
    // is past that xmax, every leg with a lower sequence has committed or never will.
    private const string SeenSql = "SELECT coalesce(max(sequence), 0), pg_snapshot_xmax(pg_current_snapshot())::text::bigint FROM ledger.transactions";

    private const string RaiseSql =
        $"""
        INSERT INTO recon.exceptions (kind, subject, transaction_id, summary, raised_at)
        SELECT 'missing_settlement', 'leg ' || t.transaction_id, t.transaction_id,
               format('%s %s of %s (%s) processed %s has not settled', t.transaction_type, t.transaction_id,
                      recon.amount_text(t.amount_minor, t.currency), coalesce(p.merchant_transaction_id, 'no merchant reference'), t.processed_at),
               @now
        FROM ledger.transactions t JOIN ledger.payments p USING (payment_id)
        WHERE p.succeeded AND t.transaction_type IN ('DB', 'CP', 'RB', 'RF', 'CB', 'CR')
          AND t.processed_at <= @now - @lag AND t.processed_at > @now - @horizon
          AND (t.processed_at > @processed_through - @margin OR t.sequence > @sequence_through)
          AND NOT EXISTS (SELECT 1 FROM recon.leg_settlements s WHERE s.leg_sequence = t.sequence)
        ON CONFLICT (kind, subject) DO NOTHING
        """;

    private const string WriteWatermarkSql =
        """
        INSERT INTO recon.nightly_watermarks (name, processed_through, sequence_through, pending_sequence, pending_xmax, updated_at)
        VALUES (@name, @processed_through, @sequence_through, @pending_sequence, greatest(@pending_xmax, 0)::text::xid8, @now)
        ON CONFLICT (name) DO UPDATE SET
            processed_through = EXCLUDED.processed_through, sequence_through = EXCLUDED.sequence_through, pending_sequence = EXCLUDED.pending_sequence,
            pending_xmax = CASE WHEN @pending_xmax < 0 THEN recon.nightly_watermarks.pending_xmax ELSE EXCLUDED.pending_xmax END,
            updated_at = EXCLUDED.updated_at
        """;

    // Open cases are few: each looks its leg and the leg's settlement up by key (LIMIT 1 keeps the planner from
    // turning the lookup into a join that hashes every outcome), and the cases to resolve are updated by their
    // ids (the array makes it an index scan; a join with the settled ones would read every case).
    private const string ResolveSql =
        $"""
        WITH settled AS MATERIALIZED (
            SELECT c.exception_id, s.explanation
            FROM recon.exceptions c
            CROSS JOIN LATERAL (
                SELECT o.explanation FROM ledger.transactions t
                JOIN recon.leg_settlements g ON g.leg_sequence = t.sequence
                JOIN recon.explained_line_outcomes o ON o.file_id = g.file_id AND o.line_number = g.line_number
                WHERE t.transaction_id = c.transaction_id AND o.outcome IN {SettlementMatcher.Settles}
                LIMIT 1
            ) s
            WHERE c.kind = 'missing_settlement' AND c.status = 'open'
        )
        UPDATE recon.exceptions e
        SET status = 'resolved', resolved_at = @now, resolved_by = @rule, note = 'settled later: ' || s.explanation
        FROM settled s
        WHERE e.exception_id = ANY (ARRAY(SELECT exception_id FROM settled)) AND e.exception_id = s.exception_id
        """;

    /// <summary>Ages legs on its own, one run at a time with matching (the same lock).</summary>
    public async Task<MissingSettlementRun> AgeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SettlementMatcher.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.Matching));
        var run = await AgeAsync(connection, transaction, options, clock.GetCurrentInstant(), "rule:missing-settlement-aging", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogAged(logger, run.Raised, run.Resolved);
        return run;
    }

    /// <summary>Ages legs inside a matching run's transaction (its lock held).</summary>
    internal static async Task<MissingSettlementRun> AgeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MatchingOptions options, Instant now, string rule, CancellationToken cancellationToken)
    {
        var mark = await ReadWatermarkAsync(connection, transaction, cancellationToken);
        var (seenSequence, seenXmax) = await ReadSeenAsync(connection, transaction, cancellationToken);
        var cutoff = now - options.ExpectedSettlementLag;

        var raised = await SettlementMatcher.ExecuteAsync(connection, transaction, RaiseSql, cancellationToken,
            ("now", now), ("lag", options.ExpectedSettlementLag), ("horizon", options.MissingSettlementHorizon),
            ("processed_through", mark.ProcessedThrough ?? now - options.MissingSettlementHorizon), ("margin", options.AgingWatermarkMargin), ("sequence_through", mark.SequenceThrough));

        var next = mark.After(cutoff, seenSequence, seenXmax);
        await SettlementMatcher.ExecuteAsync(connection, transaction, WriteWatermarkSql, cancellationToken,
            ("name", Watermark), ("processed_through", next.ProcessedThrough), ("sequence_through", next.SequenceThrough),
            ("pending_sequence", next.PendingSequence), ("pending_xmax", next.PendingXmax), ("now", now));

        var resolved = await SettlementMatcher.ExecuteAsync(connection, transaction, ResolveSql, cancellationToken, ("now", now), ("rule", rule));
        return new MissingSettlementRun(raised, resolved);
    }

    private static async Task<AgingWatermark> ReadWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReadWatermarkSql, connection, transaction);
        command.Parameters.AddWithValue("name", Watermark);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AgingWatermark(reader.GetFieldValue<Instant>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3))
            : AgingWatermark.None;
    }

    private static async Task<(long Sequence, long Xmax)> ReadSeenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SeenSql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [LoggerMessage(EventId = LogEvents.Matching.MissingAged, Level = LogLevel.Information, Message = "Missing settlements aged: {Raised} raised, {Resolved} resolved as settled later")]
    private static partial void LogAged(ILogger logger, int raised, int resolved);
}
