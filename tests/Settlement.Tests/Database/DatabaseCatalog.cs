using Npgsql;

namespace Settlement.Tests.Database;

/// <summary>
/// What a database's schema is made of, as text a test can compare: columns with their types and defaults,
/// constraints, indexes, views, functions, triggers and sequences. Two databases with the same lines have the same
/// schema, whichever scripts built them.
/// </summary>
internal static class DatabaseCatalog
{
    // A monthly partition is data, not schema: a database holding older months has more of them (migration 0055).
    // The partitioned tables, their keys and their default partitions are compared.
    private const string Query = """
        SELECT format('column %s.%s.%s %s %s %s', c.table_schema, c.table_name, c.column_name, c.data_type, c.is_nullable, coalesce(c.column_default, ''))
        FROM information_schema.columns c WHERE c.table_schema = ANY(@schemas)
          AND NOT EXISTS (SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                          WHERE n.nspname = c.table_schema AND r.relname = c.table_name AND r.relispartition)
        UNION ALL
        SELECT format('constraint %s.%s %s %s', n.nspname, r.relname, co.conname, pg_get_constraintdef(co.oid))
        FROM pg_constraint co JOIN pg_class r ON r.oid = co.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = ANY(@schemas) AND NOT r.relispartition
        UNION ALL
        SELECT format('index %s', i.indexdef) FROM pg_indexes i JOIN pg_namespace n ON n.nspname = i.schemaname
        JOIN pg_class r ON r.relnamespace = n.oid AND r.relname = i.tablename
        WHERE i.schemaname = ANY(@schemas) AND NOT r.relispartition
        UNION ALL
        SELECT format('partitioned %s.%s %s', n.nspname, r.relname, pg_get_partkeydef(r.oid))
        FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ANY(@schemas) AND r.relkind = 'p'
        UNION ALL
        SELECT format('default partition %s of %s', c.oid::regclass, i.inhparent::regclass)
        FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY(@schemas) AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
        UNION ALL
        SELECT format('view %s.%s %s', schemaname, viewname, definition) FROM pg_views WHERE schemaname = ANY(@schemas)
        UNION ALL
        SELECT format('function %s', pg_get_functiondef(p.oid))
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY(@schemas)
        UNION ALL
        SELECT format('trigger %s.%s %s %s %s', event_object_schema, event_object_table, trigger_name, event_manipulation, action_statement)
        FROM information_schema.triggers WHERE event_object_schema = ANY(@schemas)
        UNION ALL
        SELECT format('sequence %s.%s %s', sequence_schema, sequence_name, data_type)
        FROM information_schema.sequences WHERE sequence_schema = ANY(@schemas)
        """;

    /// <summary>The lines of every schema but PostgreSQL's own, in order.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT array_agg(nspname::text) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'", connection);
        var schemas = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return await ReadAsync(connectionString, schemas, cancellationToken);
    }

    /// <summary>The lines of the named schemas, in order.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString, string[] schemas, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.AddWithValue("schemas", schemas);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
