using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Bench;

/// <summary>The floor the benchmarks compare with: <c>psql \copy</c> of a CSV file into an unlogged table of text columns.</summary>
internal static class PsqlCopy
{
    /// <summary>Creates <paramref name="table"/> with <paramref name="columns"/> text columns and times <c>\copy</c> of the file into it.</summary>
    public static async Task<TimeSpan> IntoUnloggedTableAsync(EmbeddedPostgres server, string table, int columns, string file)
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(
                $"CREATE UNLOGGED TABLE {table} (" + string.Join(", ", Enumerable.Range(1, columns).Select(column => $"c{column} text")) + ")",
                connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        var psql = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-v", "ON_ERROR_STOP=1", "-c", $"\\copy {table} FROM '{file}' WITH (FORMAT csv, HEADER true)" })
        {
            psql.ArgumentList.Add(argument);
        }

        psql.Environment["PGPASSWORD"] = builder.Password;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psql)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        return process.ExitCode == 0 ? clock.Elapsed : throw new InvalidOperationException("psql \\copy failed: " + error);
    }
}
