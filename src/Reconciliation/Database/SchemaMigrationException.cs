namespace Settlement.Reconciliation.Database;

/// <summary>A migration script failed; the database is left at the last script that succeeded.</summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException()
    {
    }

    public SchemaMigrationException(string message)
        : base(message)
    {
    }

    public SchemaMigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
