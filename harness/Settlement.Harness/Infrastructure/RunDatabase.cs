using Npgsql;

namespace Settlement.Harness.Infrastructure;

/// <summary>The database of one run, as the harness reads it: counts and single values by plain parameterised SQL.</summary>
internal sealed class RunDatabase(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of (text, count), e.g. a GROUP BY, as "text count" pairs.</summary>
    public async Task<IReadOnlyList<(string Key, long Count)>> GroupsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    /// <summary>Like <see cref="CountAsync"/>, but a database that is away (restarting) answers null instead of throwing.</summary>
    public async Task<long?> TryCountAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        try
        {
            return await CountAsync(sql, cancellationToken, parameters);
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
