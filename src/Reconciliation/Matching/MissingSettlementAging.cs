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
public sealed partial class MissingSettlementAging(NpgsqlDataSource dataSource, MatchingOptions options, IClock clock, ILogger<MissingSettlementAging> logger)
{
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
          AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.leg_sequence = t.sequence AND o.outcome IN {SettlementMatcher.Settles})
        ON CONFLICT (kind, subject) DO NOTHING
        """;

    private const string ResolveSql =
        $"""
        UPDATE recon.exceptions e
        SET status = 'resolved', resolved_at = @now, resolved_by = @rule, note = 'settled later: ' || o.explanation
        FROM ledger.transactions t JOIN recon.explained_line_outcomes o ON o.leg_sequence = t.sequence
        WHERE e.kind = 'missing_settlement' AND e.status = 'open' AND t.transaction_id = e.transaction_id AND o.outcome IN {SettlementMatcher.Settles}
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
        var raised = await SettlementMatcher.ExecuteAsync(connection, transaction, RaiseSql, cancellationToken,
            ("now", now), ("lag", options.ExpectedSettlementLag), ("horizon", options.MissingSettlementHorizon));
        var resolved = await SettlementMatcher.ExecuteAsync(connection, transaction, ResolveSql, cancellationToken, ("now", now), ("rule", rule));
        return new MissingSettlementRun(raised, resolved);
    }

    [LoggerMessage(EventId = LogEvents.Matching.MissingAged, Level = LogLevel.Information, Message = "Missing settlements aged: {Raised} raised, {Resolved} resolved as settled later")]
    private static partial void LogAged(ILogger logger, int raised, int resolved);
}
