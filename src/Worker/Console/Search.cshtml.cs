using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Settlement.Reconciliation.PaymentHistory;

namespace Settlement.Worker.OperatorConsole;

/// <summary>Search from every page's box: one payment found opens it; several are listed with what found them.</summary>
public sealed class SearchModel(PaymentHistoryStore history) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<PaymentHit> Hits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        ViewData["Query"] = Query;
        if (string.IsNullOrWhiteSpace(Query))
        {
            return Page();
        }

        Hits = await history.SearchAsync(Query, cancellationToken);
        return Hits.Count == 1 ? RedirectToPage("Payment", new { id = Hits[0].PaymentId }) : Page();
    }
}
