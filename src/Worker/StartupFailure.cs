using Microsoft.Extensions.Options;
using Npgsql;
using Settlement.Reconciliation.Database;
using Settlement.Worker.Database;

namespace Settlement.Worker;

/// <summary>
/// Start-up failures a person can fix (missing PostgreSQL binaries, a bad setting, a folder the worker cannot use,
/// an unreachable server, a failed migration), told in words rather than a stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>What to tell the user, or null when the exception is a bug and should surface as one.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        PostgresBinariesNotFoundException missing => missing.Message,
        FolderAccessException folder => folder.Message,
        OptionsValidationException invalid => "invalid configuration: " + string.Join(" ", invalid.Failures),
        // A value that cannot be converted to its type at all ("1 minute" for a TimeSpan); the message names the key.
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding => "invalid configuration: " + binding.Message,
        SchemaMigrationException migration => "database migration failed: " + migration.Message,
        NpgsqlException database => "cannot use the database (check ConnectionStrings:Settlement): " + database.Message,
        InvalidOperationException { Source: "Settlement.Worker" } launcher => "cannot start the embedded PostgreSQL: " + launcher.Message,
        _ => null,
    };
}
