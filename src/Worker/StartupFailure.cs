using Microsoft.Extensions.Options;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Worker.Database;

namespace Settlement.Worker;

/// <summary>
/// Start-up failures a person can fix (missing PostgreSQL binaries, a bad setting, an unreachable
/// server, a failed migration), told in words rather than a stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>What to tell the user, or null when the exception is a bug and should surface as one.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        PostgresBinariesNotFoundException missing => missing.Message,
        OptionsValidationException invalid => "invalid configuration: " + string.Join(" ", invalid.Failures),
        SchemaMigrationException migration => "database migration failed: " + migration.Message,
        NpgsqlException database => "cannot use the database (check ConnectionStrings:Settlement): " + database.Message,
        InvalidOperationException { Source: "Settlement.Worker" } launcher => "cannot start the embedded PostgreSQL: " + launcher.Message,
        _ => null,
    };
}
