using System.Reflection;
using DbUp;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Tests.Database;

/// <summary>
/// A database of the layout before partitioning (every migration before 0055), holding a few thousand lines,
/// outcomes, dispute events, actions and audit rows over several months, moves to the partitioned layout: every row
/// and every outcome as it was, read through the same names, each in its month's partition.
/// </summary>
public sealed class PartitionedUpgradeTests(PostgresServer server)
{
    private const string FirstPartitionedScript = "0055_partitioned_history.sql";

    // What is read before and after, with every column the previous layout had.
    private static readonly string[] Compared =
    [
        "acquirer.settlement_lines", "recon.line_outcomes", "acquirer.dispute_events", "recon.dispute_actions", "ledger.audit_log",
        "recon.explained_line_outcomes", "recon.exception_worklist",
    ];

    private const string Seed =
        """
        INSERT INTO acquirer.settlement_lines (file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id,
                                               gross_minor, transaction_currency, fee_minor, net_minor, rounding)
        SELECT 1 + n / 1000, n, 'acquirer-a', 'L' || n,
               CASE n WHEN 3001 THEN date '2019-02-03' WHEN 3002 THEN date '2031-01-01' ELSE date '2026-08-20' + (n % 90) END,
               'B' || n % 7, CASE WHEN n % 100 = 0 THEN 'PAYOUT' ELSE 'SETTLED' END, 'pay-' || n, 1000 + n, 'EUR', 12, 988 + n,
               CASE WHEN n % 97 = 0 THEN 'rounded from 10.005' END
        FROM generate_series(1, 3002) n;

        INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, expected_minor,
                                         expected_currency, difference_minor, explanation, decided_at, transaction_type, leg_sequence)
        SELECT file_id, line_number, record_type, outcome,
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN 'payment_id' END,
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN payment_id END, payment_id,
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN gross_minor - (line_number % 33 = 0)::int END, 'EUR',
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN (line_number % 33 = 0)::int END,
               CASE WHEN outcome IN ('unmatched', 'batch') THEN outcome || ' line ' || line_number END,
               settlement_date + time '02:10' AT TIME ZONE 'UTC',
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN 'DB' END,
               CASE WHEN outcome IN ('matched', 'amount_mismatch') THEN line_number END
        FROM (SELECT l.*, CASE WHEN l.record_type = 'PAYOUT' THEN 'batch' WHEN l.line_number % 10 = 0 THEN 'unmatched'
                               WHEN l.line_number % 33 = 0 THEN 'amount_mismatch' ELSE 'matched' END AS outcome
              FROM acquirer.settlement_lines l) l;

        INSERT INTO recon.exceptions (kind, subject, file_id, line_number, summary, raised_at)
        SELECT 'unmatched_line', format('line %s:%s', file_id, line_number), file_id, line_number, 'unmatched ' || line_number, decided_at
        FROM recon.line_outcomes WHERE outcome = 'unmatched';

        INSERT INTO acquirer.dispute_events (file_id, line_number, source, dispute_id, event, event_date, payment_id, amount_minor, currency, reason_code, reply_by)
        SELECT 100, n, 'acquirer-a', 'D' || n, CASE WHEN n % 4 = 0 THEN 'CHARGEBACK_REVERSAL' ELSE 'CHARGEBACK' END, date '2026-07-01' + (n % 150),
               'pay-' || n, 500 + n, 'EUR', '10.4', date '2026-12-01' + (n % 30)
        FROM generate_series(1, 1000) n;
        INSERT INTO recon.dispute_actions (file_id, line_number, action, operation_id, transaction_id, explanation, decided_at)
        SELECT file_id, line_number, 'recorded', NULL, payment_id, 'recorded ' || line_number, event_date + time '03:00' AT TIME ZONE 'UTC'
        FROM acquirer.dispute_events WHERE line_number % 5 <> 0;

        INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
        SELECT timestamptz '2026-06-30 23:30+00' + n * interval '97 minutes', 'file', 'f.csv', 'recorded', 'pay-' || n, 'pay-' || n, 'seeded',
               jsonb_build_object('n', n)
        FROM generate_series(1, 2500) n;
        """;

    [Fact]
    public async Task A_database_of_the_unpartitioned_layout_keeps_every_row_and_outcome_in_the_partitioned_one()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await server.CreateEmptyDatabaseAsync("unpartitioned");
        var previous = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => IsMigration(name) && string.CompareOrdinal(ScriptFileName(name), FirstPartitionedScript) < 0)
            .JournalToPostgresqlTable("public", "schema_migrations")
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(previous.Successful, previous.Error?.Message);
        await ExecuteAsync(connectionString, Seed, cancellationToken);
        var columns = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var relation in Compared)
        {
            columns[relation] = await ColumnsAsync(connectionString, relation, cancellationToken);
        }

        var before = await FingerprintsAsync(connectionString, columns, cancellationToken);

        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);

        Assert.Equal(before, await FingerprintsAsync(connectionString, columns, cancellationToken));
        Assert.Equal(3002L, before["acquirer.settlement_lines"].Rows);
        Assert.Equal(2500L, before["ledger.audit_log"].Rows);
        // Each row in its month's partition (the far past and the far future too), none left in a default partition.
        Assert.Equal(0L, await ScalarAsync(connectionString,
            """
            SELECT (SELECT count(*) FROM ONLY acquirer.settlement_lines_default) + (SELECT count(*) FROM ONLY recon.line_outcomes_default)
                 + (SELECT count(*) FROM ONLY acquirer.dispute_events_default) + (SELECT count(*) FROM ONLY recon.dispute_actions_default)
                 + (SELECT count(*) FROM ONLY ledger.audit_log_default)
            """, cancellationToken));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM acquirer.settlement_lines_2019_02", cancellationToken));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM recon.line_outcomes_2031_01", cancellationToken));
        // An outcome is filed under its line's date, an action under its event's.
        Assert.Equal(0L, await ScalarAsync(connectionString,
            """
            SELECT (SELECT count(*) FROM recon.line_outcomes o JOIN acquirer.settlement_lines l USING (file_id, line_number) WHERE o.settlement_date <> l.settlement_date)
                 + (SELECT count(*) FROM recon.dispute_actions a JOIN acquirer.dispute_events e USING (file_id, line_number) WHERE a.event_date <> e.event_date)
            """, cancellationToken));
        // Every leg an outcome settled is settled once in recon.leg_settlements.
        Assert.Equal(
            await ScalarAsync(connectionString, "SELECT count(*) FROM recon.line_outcomes WHERE outcome IN ('matched', 'amount_mismatch')", cancellationToken),
            await ScalarAsync(connectionString, "SELECT count(*) FROM recon.leg_settlements", cancellationToken));
        // The audit log's numbering goes on after the rows it brought.
        Assert.Equal(2501L, await ScalarAsync(connectionString,
            "INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, reason) VALUES (now(), 'rule', 'test', 'test', 'after the upgrade') RETURNING audit_id",
            cancellationToken));
        Assert.Equal(await DatabaseCatalog.ReadAsync(await server.CreateDatabaseAsync("partitioned"), cancellationToken), await DatabaseCatalog.ReadAsync(connectionString, cancellationToken));
    }

    private static bool IsMigration(string name) => name.Contains(".Database.Migrations.", StringComparison.Ordinal);

    private static string ScriptFileName(string resourceName) =>
        resourceName[(resourceName.IndexOf(".Database.Migrations.", StringComparison.Ordinal) + ".Database.Migrations.".Length)..];

    private static async Task<string[]> ColumnsAsync(string connectionString, string relation, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT array_agg(quote_ident(attname) ORDER BY attnum) FROM pg_attribute WHERE attrelid = @relation::regclass AND attnum > 0 AND NOT attisdropped",
            connection);
        command.Parameters.AddWithValue("relation", relation);
        return (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Dictionary<string, Fingerprint>> FingerprintsAsync(
        string connectionString, Dictionary<string, string[]> columns, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var fingerprints = new Dictionary<string, Fingerprint>(StringComparer.Ordinal);
        foreach (var (relation, names) in columns)
        {
            var row = $"ROW({string.Join(", ", names)})::text";
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg({row}, E'\\n' ORDER BY {row})), '') FROM {relation}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            fingerprints[relation] = new Fingerprint(reader.GetInt64(0), reader.GetString(1));
        }

        return fingerprints;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record Fingerprint(long Rows, string Md5);
}
