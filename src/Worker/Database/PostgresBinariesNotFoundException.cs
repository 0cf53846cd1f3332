namespace Settlement.Worker.Database;

/// <summary>The PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>) are not on this machine; the message says how to fix it in one line.</summary>
public sealed class PostgresBinariesNotFoundException : Exception
{
    public PostgresBinariesNotFoundException()
        : this("PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin: install them (Debian: apt-get install postgresql) or set ConnectionStrings:Settlement to an existing server.")
    {
    }

    public PostgresBinariesNotFoundException(string message)
        : base(message)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
