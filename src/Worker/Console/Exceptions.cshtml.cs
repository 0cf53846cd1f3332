using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Files;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The exceptions worklist: filtered, sorted and paged in the query string (so a view is a link to share and the
/// export takes the same view), assigned and resolved in bulk by POST, each change in the case's thread.
/// </summary>
public sealed class ExceptionsModel(ExceptionCasework casework, IOptions<ConsoleOptions> options, IClock clock) : PageModel
{
    public const string Route = "/console/exceptions";

    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? Kind { get; set; }

    /// <summary><c>open</c> (the default), <c>resolved</c> or <c>all</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string Status { get; set; } = "open";

    [BindProperty(SupportsGet = true, Name = "age")]
    public int? MinAgeDays { get; set; }

    [BindProperty(SupportsGet = true, Name = "overdue")]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "currency")]
    public string? Currency { get; set; }

    [BindProperty(SupportsGet = true, Name = "min")]
    public decimal? MinAmount { get; set; }

    [BindProperty(SupportsGet = true, Name = "max")]
    public decimal? MaxAmount { get; set; }

    [BindProperty(SupportsGet = true, Name = "file")]
    public long? FileId { get; set; }

    [BindProperty(SupportsGet = true, Name = "assignee")]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public ExceptionSort Sort { get; set; } = ExceptionSort.Raised;

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Desc { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The cases a bulk action applies to.</summary>
    [BindProperty]
    public IReadOnlyList<long> Ids { get; set; } = [];

    [BindProperty]
    public string? AssignTo { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The view to come back to after an action (a path under the console).</summary>
    [BindProperty]
    public string? ReturnTo { get; set; }

    public WorklistPage Result { get; private set; } = new([], 0, 1, 1);

    public ExceptionSla Sla { get; } = options.Value.Sla();

    public Instant Now { get; } = clock.GetCurrentInstant();

    public IReadOnlyList<string> Assignees { get; private set; } = [];

    public IReadOnlyList<(long FileId, string Name)> Files { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Result = await casework.ListAsync(Filter(), Sla, PageNumber, options.Value.PageSize, cancellationToken);
        Assignees = await casework.AssigneesAsync(cancellationToken);
        Files = await casework.FilesAsync(cancellationToken);
    }

    /// <summary>The current view (every page of it) as CSV, formula-safe: the cells come from acquirers' files.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var cases = await casework.AllAsync(Filter(), Sla, cancellationToken);
        var csv = new StringBuilder();
        Row(csv, ["id", "kind", "status", "raised_at", "age_hours", "sla", "assignee", "amount", "currency", "payment", "file", "line", "subject", "summary", "resolved_by", "note"]);
        foreach (var item in cases)
        {
            var open = item.Case.Status == "open";
            Row(csv, [
                item.Id.ToString(CultureInfo.InvariantCulture), item.Case.Kind, item.Case.Status, ConsoleFormat.When(item.RaisedAt),
                ((open ? Now : item.Case.ResolvedAt ?? Now) - item.RaisedAt).TotalHours.ToString("0.0", CultureInfo.InvariantCulture),
                open ? Sla.AgeingOf(item.Case.Kind, item.RaisedAt, Now).ToString() : "closed",
                item.Assignee ?? string.Empty, item.Amount?.FormatAmount() ?? string.Empty, item.Amount?.Currency.Code ?? string.Empty,
                item.PaymentId ?? string.Empty, item.FileName ?? string.Empty, item.LineNumber?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                item.Case.Subject, item.Case.Summary, item.Case.ResolvedBy ?? string.Empty, item.Case.Note ?? string.Empty,
            ]);
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"exceptions-{ConsoleFormat.When(Now)[..10]}.csv");
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        var assigned = await casework.AssignAsync(Ids, AssignTo, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        Tell(assigned.TryGetValue(out var ids, out var refusal)
            ? (string.IsNullOrWhiteSpace(AssignTo) ? $"{Cases(ids.Count)} unassigned" : $"{Cases(ids.Count)} assigned to {AssignTo.Trim()}")
            : null, refusal);
        return Back();
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken cancellationToken)
    {
        var resolved = await casework.ResolveAsync(Ids, Note ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        Tell(resolved.TryGetValue(out var ids, out var refusal) ? $"{Cases(ids.Count)} resolved: {string.Join(", ", ids)}" : null, refusal);
        return Back();
    }

    /// <summary>This view's link with some of its parameters changed (a sort, a page).</summary>
    public string Link(ExceptionSort? sort = null, bool? desc = null, int? page = null)
    {
        var query = Request.Query.Where(pair => pair.Key is not ("sort" or "desc" or "p" or "handler"))
            .ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        query["sort"] = (sort ?? Sort).ToString();
        if (desc ?? Desc)
        {
            query["desc"] = "true";
        }

        if ((page ?? PageNumber) > 1)
        {
            query["p"] = (page ?? PageNumber).ToString(CultureInfo.InvariantCulture);
        }

        return Route + QueryString.Create(query.Where(pair => !string.IsNullOrEmpty(pair.Value)).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)));
    }

    /// <summary>The export's link: this view, every page.</summary>
    public string CsvLink() => Route + QueryString.Create(Request.Query
        .Where(pair => pair.Key is not ("p" or "handler"))
        .Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value.ToString()))
        .Append(KeyValuePair.Create("handler", (string?)"Csv")));

    /// <summary>A sortable column's header link: the other direction when it is the current sort.</summary>
    public string SortLink(ExceptionSort column) => Link(column, column == Sort ? !Desc : column is ExceptionSort.Amount, 1);

    public string? SortState(ExceptionSort column) => column != Sort ? null : Desc ? "descending" : "ascending";

    private ExceptionFilter Filter() => new()
    {
        Kind = Kind,
        Status = Status == "all" ? null : Status,
        MinAgeDays = MinAgeDays,
        OverdueOnly = Overdue,
        Currency = Currency,
        MinAmount = MinAmount,
        MaxAmount = MaxAmount,
        FileId = FileId,
        Assignee = Assignee,
        Sort = Sort,
        Descending = Desc,
    };

    private void Tell(string? done, string? refused)
    {
        if (done is not null)
        {
            TempData["Done"] = done;
        }
        else
        {
            TempData["Refused"] = refused;
        }
    }

    private RedirectResult Back() =>
        Redirect(ReturnTo is { } back && back.StartsWith(Route, StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal) ? back : Route);

    private static string Cases(int count) => count == 1 ? "1 case" : $"{count} cases";

    private static void Row(StringBuilder csv, IEnumerable<string> cells) =>
        csv.AppendJoin(',', cells.Select(cell => "\"" + CsvFormulaGuard.Neutralise(cell).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")).Append("\r\n");
}
