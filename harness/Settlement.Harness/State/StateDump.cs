using System.Text.RegularExpressions;
using Npgsql;

namespace Settlement.Harness.State;

/// <summary>
/// The canonical dump of what a run leaves in the database: files, acquirer lines, ledger payments, legs and their
/// balances recomputed from the legs, line outcomes, exceptions, dispute actions, operations and audit counts.
/// File ids become file names (a killed run may number its claims differently), and generated ids and timestamps
/// are left out, as are exception cases the rule raised and resolved on the way, so two runs over the same input that end in the same state dump the same rows.
/// </summary>
internal static partial class StateDump
{
    private static readonly (string Name, string Sql)[] Sections =
    [
        ("intake.files (not duplicates)",
            """
            SELECT concat_ws('|', original_name, status, kind, lines_total, lines_ok, lines_rejected, lines_duplicate, lines_ignored, encode(sha256, 'hex'))
            FROM intake.files WHERE status <> 'duplicate' ORDER BY 1
            """),
        ("acquirer.transaction_lines", "SELECT f.original_name || '|' || (to_jsonb(l) - 'file_id')::text FROM acquirer.transaction_lines l JOIN intake.files f USING (file_id) ORDER BY 1"),
        ("acquirer.settlement_lines", "SELECT f.original_name || '|' || (to_jsonb(l) - 'file_id')::text FROM acquirer.settlement_lines l JOIN intake.files f USING (file_id) ORDER BY 1"),
        ("acquirer.dispute_events", "SELECT f.original_name || '|' || (to_jsonb(l) - 'file_id')::text FROM acquirer.dispute_events l JOIN intake.files f USING (file_id) ORDER BY 1"),
        ("ledger.payments", "SELECT (to_jsonb(p) - 'recorded_at' - 'updated_at')::text FROM ledger.payments p ORDER BY 1"),
        ("ledger.transactions", "SELECT (to_jsonb(t) - 'recorded_at' - 'sequence')::text FROM ledger.transactions t ORDER BY 1"),
        ("ledger balances recomputed from legs", "SELECT to_jsonb(b)::text FROM ledger.payment_balances_from_legs b ORDER BY 1"),
        ("recon.line_outcomes", "SELECT f.original_name || '|' || (to_jsonb(o) - 'file_id' - 'decided_at' - 'leg_sequence')::text FROM recon.line_outcomes o JOIN intake.files f USING (file_id) ORDER BY 1"),
        // Cases the matching rule raised and resolved along the way depend on the order work happened in (a file
        // retried after a database restart lets legs look missing for a while), not on the final state: compared are
        // the open cases and those a person resolved.
        ("recon.exceptions (open or resolved by a person)",
            "SELECT (to_jsonb(e) - 'exception_id' - 'file_id' - 'raised_at' - 'resolved_at')::text FROM recon.exceptions e WHERE status = 'open' OR resolved_by NOT LIKE 'rule:%' ORDER BY 1"),
        ("recon.dispute_actions", "SELECT f.original_name || '|' || (to_jsonb(a) - 'file_id' - 'decided_at' - 'operation_id')::text FROM recon.dispute_actions a JOIN intake.files f USING (file_id) ORDER BY 1"),
        ("operations (kind, status, count)", "SELECT concat_ws('|', kind, status, count(*)) FROM operations.operations GROUP BY kind, status ORDER BY 1"),
        ("ledger.audit_log (actor kind, action, count)", "SELECT concat_ws('|', actor_kind, action, count(*)) FROM ledger.audit_log GROUP BY actor_kind, action ORDER BY 1"),
    ];

    public static async Task<IReadOnlyList<DumpSection>> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var fileNames = await FileNamesAsync(connection, cancellationToken);
        var sections = new List<DumpSection>();
        foreach (var (name, sql) in Sections)
        {
            var rows = new List<string>();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(WithFileNames(reader.GetString(0), fileNames));
            }

            // Re-sorted after the names replaced the ids, so the order does not depend on how ids were handed out.
            rows.Sort(StringComparer.Ordinal);
            sections.Add(new DumpSection(name, rows));
        }

        return sections;
    }

    private static async Task<Dictionary<string, string>> FileNamesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT file_id::text, original_name FROM intake.files", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    // Explanations, subjects and summaries name files by id: "... of file 3", and exception subjects "line 3:7".
    private static string WithFileNames(string row, Dictionary<string, string> fileNames) =>
        FileReference().Replace(row, match => match.Groups["prefix"].Value + (fileNames.TryGetValue(match.Groups["id"].Value, out var name) ? name : "#" + match.Groups["id"].Value));

    [GeneratedRegex(@"(?<prefix>\bfile )(?<id>\d+)\b|(?<prefix>\bline )(?<id>\d+)(?=:\d)")]
    private static partial Regex FileReference();
}
