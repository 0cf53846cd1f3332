using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Intake;
using Settlement.Worker.Ingestion;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// Every delivery: status, kind, format, counts, outcomes, how long it took and which instance took it; the bad
/// lines' report and the quarantine reason; and taking a quarantined file in again once its profile is fixed — the
/// command line's <c>ingest quarantine/&lt;name&gt;</c>, through the same <see cref="FileIngestion"/>.
/// </summary>
public sealed class FilesModel(FileDeliveryStore deliveries, FileIngestion ingestion) : PageModel
{
    public const int Shown = 200;

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty]
    public long FileId { get; set; }

    public IReadOnlyList<FileDelivery> Deliveries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Deliveries = await deliveries.ListAsync(string.IsNullOrWhiteSpace(Status) ? null : Status, Shown, cancellationToken);

    /// <summary>The bad lines' report of a delivery (line, column, masked value, reason), as written beside the archived file.</summary>
    public async Task<IActionResult> OnGetErrorsAsync(long id, CancellationToken cancellationToken)
    {
        if (await deliveries.FindAsync(id, cancellationToken) is not { } delivery || ErrorReportOf(delivery) is not { } report || !System.IO.File.Exists(report))
        {
            return NotFound();
        }

        return PhysicalFile(report, "text/csv; charset=utf-8", System.IO.Path.GetFileName(report));
    }

    public async Task<IActionResult> OnPostReingestAsync(CancellationToken cancellationToken)
    {
        if (await deliveries.FindAsync(FileId, cancellationToken) is not { } delivery)
        {
            TempData["Refused"] = $"there is no file {FileId}";
        }
        else if (delivery.File.Status != "quarantined" || delivery.MovedTo is not { } quarantined)
        {
            TempData["Refused"] = $"file {FileId} is {delivery.File.Status}: only a quarantined file is taken in again";
        }
        else if (!System.IO.File.Exists(quarantined))
        {
            TempData["Refused"] = $"file {FileId} is no longer in quarantine ({quarantined}): it was taken in again or moved by hand";
        }
        else
        {
            var result = await ingestion.IngestAsync(quarantined, keepOriginal: false, progress: null, cancellationToken);
            if (result.Status == IngestionStatus.Processed)
            {
                TempData["Done"] = $"{delivery.File.OriginalName} taken in again as file {result.FileId}: {result.LinesOk} lines ok, {result.LinesRejected} bad, {result.LinesDuplicate} duplicates";
            }
            else
            {
                TempData["Refused"] = $"{delivery.File.OriginalName} is {result.Status.ToString().ToLowerInvariant()} again: {result.Reason}";
            }
        }

        return RedirectToPage();
    }

    /// <summary>True while the quarantined delivery's file is still where the quarantine put it.</summary>
    public static bool StillInQuarantine(FileDelivery delivery) => delivery?.MovedTo is { } path && System.IO.File.Exists(path);

    /// <summary>Where the bad lines' report of a processed delivery is, when it has bad lines.</summary>
    public static string? ErrorReportOf(FileDelivery delivery) =>
        delivery?.File.LinesRejected > 0 && delivery.MovedTo is { } archived && System.IO.Path.GetDirectoryName(archived) is { } folder
            ? System.IO.Path.Combine(folder, LineErrorReport.FileNameFor(archived))
            : null;
}
