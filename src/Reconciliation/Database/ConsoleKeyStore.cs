using Npgsql;

namespace Settlement.Reconciliation.Database;

/// <summary>
/// The console's data-protection key ring in <c>recon.console_keys</c>: each key an XML document under its name,
/// shared by every worker instance on the database.
/// </summary>
/// <remarks>
/// Synchronous on purpose: ASP.NET Core's key repository contract is synchronous, and it reads the ring once at
/// start and again only when a key is made or expires (about every 90 days).
/// </remarks>
public sealed class ConsoleKeyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every key, oldest first.</summary>
    public IReadOnlyList<string> ReadAll()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM recon.console_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>Stores a new key; a name stored before keeps its first document (keys are never rewritten).</summary>
    public void Add(string name, string xml)
    {
        using var command = dataSource.CreateCommand("INSERT INTO recon.console_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("xml", xml);
        command.ExecuteNonQuery();
    }
}
