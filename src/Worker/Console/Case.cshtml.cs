using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Worker.OperatorConsole;

/// <summary>One exception case: what it is about, its thread, and its assignment, comment and resolution forms.</summary>
public sealed class CaseModel(ExceptionCasework casework, IOptions<ConsoleOptions> options, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? AssignTo { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public WorklistCase Case { get; private set; } = null!;

    public IReadOnlyList<ExceptionActivity> Thread { get; private set; } = [];

    public IReadOnlyList<string> Assignees { get; private set; } = [];

    public ExceptionSla Sla { get; } = options.Value.Sla();

    public Instant Now { get; } = clock.GetCurrentInstant();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await casework.FindAsync(Id, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Case = found;
        Thread = await casework.ThreadAsync(Id, cancellationToken);
        Assignees = await casework.AssigneesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        var assigned = await casework.AssignAsync([Id], AssignTo, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        if (assigned.TryGetValue(out var changed, out var refusal))
        {
            TempData["Done"] = changed.Count == 0 ? "nothing changed" : string.IsNullOrWhiteSpace(AssignTo) ? $"case {Id} unassigned" : $"case {Id} assigned to {AssignTo.Trim()}";
        }
        else
        {
            TempData["Refused"] = refusal;
        }

        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken)
    {
        var commented = await casework.CommentAsync(Id, Comment ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        if (commented.IsFailure)
        {
            TempData["Refused"] = commented.Error;
        }

        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken cancellationToken)
    {
        var resolved = await casework.ResolveAsync([Id], Note ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        if (resolved.IsSuccess)
        {
            TempData["Done"] = $"case {Id} resolved";
        }
        else
        {
            TempData["Refused"] = resolved.Error;
        }

        return RedirectToPage(new { Id });
    }
}
