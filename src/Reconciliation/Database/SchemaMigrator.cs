using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Settlement.Reconciliation.Database;

/// <summary>
/// Applies the versioned SQL scripts in <c>Database/Migrations</c> (embedded, applied in name order,
/// each once, journaled in <c>public.schema_migrations</c>) with DbUp.
/// </summary>
/// <remarks>
/// Several worker instances may start at once against one database; a PostgreSQL advisory lock held
/// on a dedicated, non-pooled connection makes them migrate one after the other, so the second finds
/// the journal complete and does nothing.
/// </remarks>
public static partial class SchemaMigrator
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var lockConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var lockConnection = new NpgsqlConnection(lockConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKeys.Migrations);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".Database.Migrations.", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "schema_migrations")
                .WithTransactionPerScript()
                .LogTo(new UpgradeLog(logger))
                .Build();

            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new SchemaMigrationException($"Migration '{result.ErrorScript?.Name}' failed: {result.Error?.Message}", result.Error);
            }

            return result.Scripts.Select(script => script.Name).ToList();
        }
        finally
        {
            // The connection is not pooled, so closing it releases the lock even if the unlock fails.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", AdvisoryLockKeys.Migrations);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private sealed partial class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, format, args);

        public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, format, args);

        // DbUp narrates every step at information level; the caller logs what was applied.
        public void LogInformation(string format, params object[] args) => Write(LogLevel.Debug, format, args);

        public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, format, args);

        public void LogError(string format, params object[] args) => Write(LogLevel.Error, format, args);

        public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, format, args);

        private void Write(LogLevel level, string format, object[] args)
        {
            if (!logger.IsEnabled(level))
            {
                return;
            }

            var message = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
            Migration(logger, level, message);
        }

        [LoggerMessage(EventId = LogEvents.Database.Migration, Message = "Schema migration: {Message}")]
        private static partial void Migration(ILogger logger, LogLevel level, string message);
    }
}
