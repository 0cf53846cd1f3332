using System.Reflection;
using DbUp;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Settlement.Reconciliation.Database;

namespace Settlement.Tests.Database;

/// <summary>
/// A database built by the first release's migrations, holding a few thousand rows of everything it stored, is
/// upgraded by today's migrator: no row is lost or changed, what later migrations fill in is filled, and the schema
/// ends as the one a new database gets.
/// </summary>
public sealed class SchemaUpgradeTests(PostgresServer server)
{
    // The first release shipped the migrations up to and including this one; every later one upgrades its databases.
    private const string FirstReleaseLastScript = "0017_schedules.sql";

    private static readonly string[] DataTables =
    [
        "ledger.payments", "ledger.transactions", "ledger.payment_holds", "ledger.audit_log", "intake.files",
        "acquirer.settlement_lines", "acquirer.dispute_events", "acquirer.final_amounts", "recon.line_outcomes",
        "recon.exceptions", "recon.dispute_actions", "recon.capture_sweeps", "recon.capture_decisions",
        "recon.final_amount_actions", "operations.operations", "webhooks.notifications", "schedules.job_runs",
    ];

    [Fact]
    public async Task Every_row_of_a_first_release_database_survives_the_upgrade_unchanged()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await FirstReleaseDatabaseAsync(cancellationToken);
        var columns = await FirstReleaseColumnsAsync(connectionString, cancellationToken);
        var before = await FingerprintAsync(connectionString, columns, cancellationToken);

        var applied = await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);

        Assert.Equal(LaterScripts(), applied);
        Assert.Equal(before, await FingerprintAsync(connectionString, columns, cancellationToken));
        // Not a comparison of empty tables: the seed wrote rows into each.
        Assert.All(DataTables, table => Assert.True(before[table].Rows > 0, $"{table} was seeded with no row"));
    }

    [Fact]
    public async Task What_later_migrations_derive_is_filled_in_for_first_release_rows()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await FirstReleaseDatabaseAsync(cancellationToken);

        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);

        // 0023 keys one settlement per leg by the leg's sequence; a settled line without it could be settled twice.
        Assert.Equal(0L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM recon.line_outcomes WHERE transaction_id IS NOT NULL AND leg_sequence IS NULL", cancellationToken));
        // 0019: a file decided line by line is taken, so the matcher does not read its lines again.
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM recon.matched_files", cancellationToken));
        // 0021: finished deliveries were moved by the code of their time.
        Assert.Equal(0L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM intake.files WHERE status <> 'processing' AND moved_at IS NULL", cancellationToken));
        // 0022: the stored explanation of an old outcome is the one shown.
        Assert.Equal(2000L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM recon.explained_line_outcomes WHERE explanation LIKE 'first-release explanation of line %'", cancellationToken));
        // 0027: every kind a first-release case has is in the kinds table the foreign key checks.
        Assert.Equal(0L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM recon.exceptions e WHERE NOT EXISTS (SELECT 1 FROM recon.exception_kinds k WHERE k.kind = e.kind)", cancellationToken));
    }

    [Fact]
    public async Task An_upgraded_database_has_the_schema_a_new_database_gets()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var upgraded = await FirstReleaseDatabaseAsync(cancellationToken);
        await SchemaMigrator.MigrateAsync(upgraded, NullLogger.Instance, cancellationToken);
        var created = await server.CreateDatabaseAsync("fresh");

        var expected = await DatabaseCatalog.ReadAsync(created, cancellationToken);
        var actual = await DatabaseCatalog.ReadAsync(upgraded, cancellationToken);

        Assert.Equal(expected, actual);
    }

    private async Task<string> FirstReleaseDatabaseAsync(CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateEmptyDatabaseAsync("upgrade");
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(MigrationsAssembly, name => IsMigration(name) && IsFirstRelease(name))
            .JournalToPostgresqlTable("public", "schema_migrations")
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);

        var seed = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Database", "FirstReleaseData.sql"), cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(seed, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connectionString;
    }

    private static Assembly MigrationsAssembly => typeof(SchemaMigrator).Assembly;

    private static bool IsMigration(string name) => name.Contains(".Database.Migrations.", StringComparison.Ordinal);

    private static bool IsFirstRelease(string name) =>
        string.CompareOrdinal(ScriptFileName(name), FirstReleaseLastScript) <= 0;

    private static string ScriptFileName(string resourceName) =>
        resourceName[(resourceName.IndexOf(".Database.Migrations.", StringComparison.Ordinal) + ".Database.Migrations.".Length)..];

    private static List<string> LaterScripts() =>
        [.. MigrationsAssembly.GetManifestResourceNames().Where(name => IsMigration(name) && !IsFirstRelease(name)).Order(StringComparer.Ordinal)];

    /// <summary>The columns each table had in the first release: the ones whose content must come through unchanged.</summary>
    private static async Task<Dictionary<string, string[]>> FirstReleaseColumnsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT c.table_schema || '.' || c.table_name, array_agg(quote_ident(c.column_name) ORDER BY c.ordinal_position)
            FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
            GROUP BY 1
            """, connection);
        var columns = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns[reader.GetString(0)] = (string[])reader.GetValue(1);
        }

        return columns;
    }

    private static async Task<Dictionary<string, TableFingerprint>> FingerprintAsync(
        string connectionString, Dictionary<string, string[]> columns, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var fingerprints = new Dictionary<string, TableFingerprint>(StringComparer.Ordinal);
        foreach (var (table, names) in columns)
        {
            var row = $"ROW({string.Join(", ", names)})::text";
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg({row}, E'\\n' ORDER BY {row})), '') FROM {table}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            fingerprints[table] = new TableFingerprint(reader.GetInt64(0), reader.GetString(1));
        }

        return fingerprints;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record TableFingerprint(long Rows, string Md5);
}
