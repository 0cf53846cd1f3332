using System.Text.RegularExpressions;
using Hangfire.PostgreSql;
using Npgsql;

namespace Settlement.Tests.Database;

/// <summary>
/// Hangfire's tables come from our migration 0007 (a copy of Hangfire.PostgreSql's install scripts), not from the
/// package at start-up. These tests hold the copy to the package in use: upgrading the package without a migration
/// for its newer scripts fails here instead of in production.
/// </summary>
public sealed partial class HangfireSchemaTests(PostgresServer server)
{
    [Fact]
    public async Task Our_migrations_create_the_schema_the_packages_installer_creates()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var installed = await server.CreateEmptyDatabaseAsync("hangfire");
        await using (var connection = new NpgsqlConnection(installed))
        {
            await connection.OpenAsync(cancellationToken);
            PostgreSqlObjectsInstaller.Install(connection);
        }

        var migrated = await server.CreateDatabaseAsync("hangfire");

        Assert.Equal(
            await DatabaseCatalog.ReadAsync(installed, ["hangfire"], cancellationToken),
            await DatabaseCatalog.ReadAsync(migrated, ["hangfire"], cancellationToken));
    }

    [Fact]
    public async Task Our_schema_is_at_the_newest_version_the_package_knows()
    {
        var newest = typeof(PostgreSqlObjectsInstaller).Assembly.GetManifestResourceNames()
            .Select(name => InstallScriptName().Match(name))
            .Where(match => match.Success)
            .Max(match => int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture));

        await using var connection = new NpgsqlConnection(await server.CreateDatabaseAsync("hangfire"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT max(version) FROM hangfire.schema", connection);

        Assert.Equal(newest, (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [GeneratedRegex(@"\.Install\.v(?<version>[0-9]+)\.sql$")]
    private static partial Regex InstallScriptName();
}
