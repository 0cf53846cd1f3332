using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

namespace Settlement.Worker.Commands;

/// <summary>
/// Runs <see cref="IngestCommand"/>: each named file (or each file of a named folder) through the same
/// pipeline as the drop folder, the originals left in place. Shows progress on a terminal, then a summary
/// per file, or JSON with <c>--json</c>. Exit code 0 when every file was processed or was a duplicate, 2 when
/// any was quarantined or a path named no file it could read, 1 when a file could not be taken at all.
/// </summary>
public sealed partial class IngestCommandRunner(FileIngestion ingestion, SettlementMatcher matcher, Disputes.DisputeAutomation disputes, EstimatedAuthorizations.FinalAmountAutomation finalAmounts, ILogger<IngestCommandRunner> logger)
{
    public async Task<int> RunAsync(IngestCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var results = new List<IngestionResult>();
        var failed = false;
        var badInput = false;
        foreach (var path in command.Paths)
        {
            var files = InputFiles(path);
            if (files.Problem is { } problem)
            {
                await error.WriteLineAsync($"settlement: {problem}");
                badInput = true;
            }

            foreach (var file in files.Paths)
            {
                failed |= !await IngestAsync(file, command.Json, results, error, cancellationToken);
            }
        }

        if (results.Any(result => result.Status == IngestionStatus.Processed))
        {
            // As the drop folder does: what the new files bring is reconciled at once.
            await matcher.MatchAsync(cancellationToken);
            await disputes.ActAsync(cancellationToken);
            await finalAmounts.ActAsync(cancellationToken);
        }

        if (command.Json)
        {
            await output.WriteLineAsync(ToJson(results));
        }
        else if (results.Count > 0)
        {
            await output.WriteAsync(SummaryTable(results));
        }

        if (failed || results.Any(result => result.Status == IngestionStatus.Skipped))
        {
            return ExitCodes.UsageOrConfiguration;
        }

        return badInput || results.Any(result => result.Status == IngestionStatus.Quarantined) ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    /// <summary>
    /// The files a path names, or what is wrong with it in one line. A path that cannot be reached because a folder
    /// on the way may not be searched is not reported as missing: both make File.Exists and Directory.Exists false.
    /// </summary>
    private static (IReadOnlyList<string> Paths, string? Problem) InputFiles(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path).Where(IsIngestible).Order(StringComparer.Ordinal).ToList();
                return files.Count > 0
                    ? (files, null)
                    : ([], $"{path}: no file to ingest in this folder (hidden files, *.md, *.done markers and error reports are not taken)");
            }

            if (File.Exists(path))
            {
                // Opened here so that an unreadable file is told as such, before a claim or a transaction is made for it.
                using (File.OpenRead(path))
                {
                    return ([path], null);
                }
            }

            // Neither a file nor a folder: ask the file system why, which tells "missing" from "not allowed".
            _ = File.GetAttributes(path);
            return ([], $"{path}: not a file or a folder");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], $"no such file or folder: {path}");
        }
        catch (UnauthorizedAccessException)
        {
            return ([], $"cannot read {path}: permission denied");
        }
        catch (IOException exception)
        {
            return ([], $"cannot read {path}: {exception.Message}");
        }
    }

    private static bool IsIngestible(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".error.txt", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".errors.csv", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(DropFolderOptions.DoneMarkerSuffix, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<bool> IngestAsync(string file, bool json, List<IngestionResult> results, TextWriter error, CancellationToken cancellationToken)
    {
        var bar = json || Console.IsErrorRedirected ? null : new ProgressBar(error, Path.GetFileName(file));
        try
        {
            results.Add(await ingestion.IngestAsync(Path.GetFullPath(file), keepOriginal: true, bar, cancellationToken));
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The line below is what the user reads; the exception, with its stack, only at Debug for whoever digs.
            LogFailed(logger, exception, file);
            await error.WriteLineAsync($"settlement: {file}: {exception.Message}");
            return false;
        }
        finally
        {
            bar?.Finish();
        }
    }

    private static string ToJson(IEnumerable<IngestionResult> results)
    {
        var array = new JsonArray();
        foreach (var result in results)
        {
            array.Add(new JsonObject
            {
                ["file"] = result.File,
                ["file_id"] = result.FileId,
                ["kind"] = result.Kind is { } kind ? FileIngestion.KindName(kind) : null,
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["lines_total"] = result.LinesTotal,
                ["lines_ok"] = result.LinesOk,
                ["lines_rejected"] = result.LinesRejected,
                ["lines_duplicate"] = result.LinesDuplicate,
                ["lines_ignored"] = result.LinesIgnored,
                ["moved_to"] = result.MovedTo,
                ["reason"] = result.Reason,
            });
        }

        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string SummaryTable(IReadOnlyList<IngestionResult> results)
    {
        string[] header = ["file", "kind", "status", "lines", "ok", "rejected", "duplicate", "note"];
        var rows = results.Select(result => new[]
        {
            Path.GetFileName(result.File),
            result.Kind is { } kind ? FileIngestion.KindName(kind) : "-",
            result.Status.ToString().ToLowerInvariant(),
            Number(result.LinesTotal),
            Number(result.LinesOk),
            Number(result.LinesRejected),
            Number(result.LinesDuplicate),
            result.Reason ?? (result.LinesRejected > 0 && result.MovedTo is { } archived ? "bad lines in " + LineErrorReport.FileNameFor(archived) : string.Empty),
        }).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, column) => column is >= 3 and <= 6 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd());
        }

        return text.ToString();
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = LogEvents.Commands.IngestFailed, Level = LogLevel.Debug, Message = "Ingesting {File} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string file);

    /// <summary>One line on the terminal, redrawn: lines read, lines per second, share of the file.</summary>
    private sealed class ProgressBar(TextWriter terminal, string name) : IProgress<IngestionProgress>
    {
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        public void Report(IngestionProgress value)
        {
            var seconds = Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
            var share = value.BytesTotal == 0 ? 1.0 : (double)value.BytesRead / value.BytesTotal;
            var filled = (int)(share * 30);
            terminal.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r{name} [{new string('#', filled)}{new string('.', 30 - filled)}] {share:P0} {value.Lines:N0} lines {value.Lines / seconds:N0} lines/s "));
        }

        public void Finish() => terminal.WriteLine();
    }
}
