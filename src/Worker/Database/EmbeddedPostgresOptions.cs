namespace Settlement.Worker.Database;

/// <summary>How <see cref="EmbeddedPostgres"/> finds, creates and starts its private PostgreSQL cluster.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>
    /// The cluster's folder, e.g. <c>./data/postgres</c>. Its password file and server log sit beside it
    /// (<c>postgres.password</c>, <c>postgres.log</c>). When running as root and the <c>postgres</c> user
    /// cannot reach this folder, the cluster lives under <c>/var/lib/settlement</c> instead
    /// (see <see cref="EmbeddedPostgres.DataDirectory"/>).
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>The folder holding <c>initdb</c> and <c>pg_ctl</c>; <see langword="null"/> searches PATH, then <c>/usr/lib/postgresql/*/bin</c> (highest version).</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The loopback port to listen on; <see langword="null"/> picks a free one at each start.</summary>
    public int? Port { get; init; }

    /// <summary>The database to connect to, created if missing.</summary>
    public string DatabaseName { get; init; } = "settlement";

    /// <summary>
    /// <see langword="false"/> only for tests: <c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c>
    /// are switched off, so a crash of the machine can lose or corrupt data.
    /// </summary>
    public bool Durable { get; init; } = true;
}
