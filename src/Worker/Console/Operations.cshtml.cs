using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Settlement.Reconciliation;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The operations that wait for a person or for the gateway: failed, needing review, held for approval, waiting.
/// Retry, approve, reject and cancel are <c>op retry</c>, <c>op approve</c>, <c>op reject</c> and <c>op cancel</c>:
/// the same use cases, refused with the same words.
/// </summary>
public sealed class OperationsModel(OperationStore operations, OperationRequests requests, OperationWithdrawals withdrawals) : PageModel
{
    public const int Shown = 500;

    [BindProperty]
    public string? OperationId { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public IReadOnlyDictionary<string, (string PaymentId, string? MerchantReference)> Payments { get; private set; } =
        new Dictionary<string, (string, string?)>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Operations = await operations.NeedingAttentionAsync(Shown, cancellationToken);
        Payments = await operations.PaymentsOfAsync(Operations.Select(operation => operation.ReferencedId), cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var retried = await requests.RetryAsync(OperationId ?? string.Empty, cancellationToken);
        return Told(retried.TryGetValue(out var operation, out var refusal) ? $"operation {operation.Id}: requeued (job {operation.JobId})" : null, refusal);
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken)
    {
        var approved = await requests.ApproveAsync(OperationId ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        return Told(approved.TryGetValue(out var operation, out var refusal) ? $"operation {operation.Id}: approved, queued (job {operation.JobId})" : null, refusal);
    }

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        Withdrawn(await withdrawals.RejectAsync(OperationId ?? string.Empty, ConsoleDoor.UserOf(HttpContext), Note ?? string.Empty, cancellationToken));

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        Withdrawn(await withdrawals.CancelAsync(OperationId ?? string.Empty, ConsoleDoor.UserOf(HttpContext), Note ?? string.Empty, cancellationToken));

    private RedirectToPageResult Withdrawn(Result<OperationWithdrawal, string> result) =>
        Told(
            result.TryGetValue(out var withdrawal, out var refusal)
                ? string.Join("; ", withdrawal.Cancelled.Prepend(withdrawal.Operation).Select(operation => $"operation {operation.Id} {operation.Status.ToCode()}, nothing is sent"))
                : null,
            refusal);

    private RedirectToPageResult Told(string? done, string? refused)
    {
        if (done is not null)
        {
            TempData["Done"] = done;
        }
        else
        {
            TempData["Refused"] = refused;
        }

        return RedirectToPage();
    }
}
