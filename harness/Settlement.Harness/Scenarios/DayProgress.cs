using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;

namespace Settlement.Harness.Scenarios;

/// <summary>How far a worker has come with a <see cref="SettlementDay"/>: where a kill landed, and when the day is done.</summary>
internal sealed class DayProgress(RunDatabase database, string inbox, SettlementDay day)
{
    private int _expectedFiles = day.Files.Count;

    /// <summary>Another file was dropped after the day's: it must be processed too before the work is done.</summary>
    public void ExpectOneMoreFile() => _expectedFiles++;

    /// <summary>Every expected file processed and out of the inbox, no claim open, and every stored settlement line decided.</summary>
    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken)
    {
        if (Directory.EnumerateFiles(inbox, "*.csv").Any())
        {
            return false;
        }

        var processed = await database.TryCountAsync("SELECT count(*) FROM intake.files WHERE status = 'processed'", cancellationToken);
        var processing = await database.TryCountAsync("SELECT count(*) FROM intake.files WHERE status = 'processing'", cancellationToken);
        var undecided = await database.TryCountAsync(
            "SELECT count(*) FROM acquirer.settlement_lines l WHERE NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = l.file_id AND o.line_number = l.line_number)",
            cancellationToken);
        return processed == _expectedFiles && processing == 0 && undecided == 0;
    }

    /// <summary>Names the stage the work of process <paramref name="processId"/> was in (read right after its kill): which file it was reading, or what was left.</summary>
    public async Task<string> StageAsync(int processId, CancellationToken cancellationToken)
    {
        if (await IsDoneAsync(cancellationToken))
        {
            return "after the day was done";
        }

        // Claims are named machine:pid; a claim left by an earlier kill is not this process's work.
        var reading = await database.GroupsAsync(
            "SELECT original_name, count(*) FROM intake.files WHERE status = 'processing' AND claimed_by LIKE '%:' || @pid GROUP BY original_name",
            cancellationToken,
            ("pid", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (reading.Count > 0)
        {
            return "reading " + string.Join(", ", reading.Select(file => file.Key));
        }

        var processed = await database.CountAsync("SELECT count(*) FROM intake.files WHERE status = 'processed'", cancellationToken);
        var decided = await database.CountAsync("SELECT count(*) FROM recon.line_outcomes", cancellationToken);
        return processed switch
        {
            0 => "starting (no file claimed by it yet)",
            _ when processed < _expectedFiles => HarnessContext.Invariant($"between files ({processed} of {_expectedFiles} processed)"),
            _ when Directory.EnumerateFiles(inbox, "*.csv").Any() => "files committed, not yet archived",
            _ => HarnessContext.Invariant($"files processed, reconciliation not committed ({decided} lines decided)"),
        };
    }
}
