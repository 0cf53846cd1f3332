namespace Settlement.Worker.Database;

/// <summary>Where the worker keeps its data and finds its PostgreSQL (configuration section <c>Settlement</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Settlement";

    /// <summary>The worker's data folder; the embedded PostgreSQL cluster lives in <c>postgres/</c> under it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where <c>initdb</c> and <c>pg_ctl</c> are; empty to search PATH and <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>The embedded server's loopback port; empty to pick a free one at each start.</summary>
    public int? PostgresPort { get; set; }
}
