using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using NodaTime.Text;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Matching;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Commands;

/// <summary>Lists exception cases (a table, JSON, or a formula-safe CSV export) and resolves them.</summary>
public sealed class ExceptionsCommandRunner(ExceptionStore exceptions)
{
    public async Task<int> ListAsync(ExceptionsCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var cases = await exceptions.ListAsync(command.OpenOnly, cancellationToken);
        if (command.Json)
        {
            await output.WriteLineAsync(new JsonArray([.. cases.Select(ExceptionJson.Of)]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else if (command.Csv)
        {
            await output.WriteAsync(ToCsv(cases));
        }
        else
        {
            foreach (var item in cases)
            {
                await output.WriteLineAsync($"{item.Id,6}  {item.Status,-8}  {item.Kind,-18}  {item.Summary}");
            }

            await output.WriteLineAsync($"{cases.Count} exception(s){(command.OpenOnly ? " open" : string.Empty)}");
        }

        return 0;
    }

    public async Task<int> ResolveAsync(ResolveExceptionCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var resolved = await exceptions.ResolveAsync(command.Id, command.ResolvedBy, command.Note, cancellationToken);
        if (!resolved.TryGetValue(out var item, out var reason))
        {
            await error.WriteLineAsync($"settlement: {reason}");
            return 1;
        }

        await output.WriteLineAsync($"exception {item.Id} resolved by {item.ResolvedBy}: {item.Note}");
        return 0;
    }

    // Summaries and notes quote file values: a value starting with = + - @ must not become a formula in a spreadsheet.
    private static string ToCsv(IEnumerable<ExceptionCase> cases)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions(), leaveOpen: true))
        {
            csv.WriteHeader(["id", "kind", "status", "subject", "summary", "raised_at", "resolved_at", "resolved_by", "note"]);
            foreach (var item in cases)
            {
                csv.WriteRecord([
                    item.Id.ToString(CultureInfo.InvariantCulture),
                    item.Kind,
                    item.Status,
                    CsvFormulaGuard.Neutralise(item.Subject),
                    CsvFormulaGuard.Neutralise(item.Summary),
                    InstantPattern.ExtendedIso.Format(item.RaisedAt),
                    item.ResolvedAt is { } at ? InstantPattern.ExtendedIso.Format(at) : string.Empty,
                    CsvFormulaGuard.Neutralise(item.ResolvedBy ?? string.Empty),
                    CsvFormulaGuard.Neutralise(item.Note ?? string.Empty),
                ]);
            }
        }

        return text.ToString();
    }
}
