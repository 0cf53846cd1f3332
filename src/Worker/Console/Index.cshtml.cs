using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.OperatorConsole;

/// <summary>The console's landing page: what waits for a person today, each a link to its list.</summary>
public sealed class IndexModel(ExceptionCasework casework, OperationStore operations, FileDeliveryStore deliveries, IOptions<ConsoleOptions> options) : PageModel
{
    public long OpenExceptions { get; private set; }

    public long LateExceptions { get; private set; }

    public int WaitingOperations { get; private set; }

    public int QuarantinedFiles { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (OpenExceptions, LateExceptions) = await casework.OpenCountsAsync(options.Value.Sla(), cancellationToken);
        WaitingOperations = (await operations.NeedingAttentionAsync(OperationsModel.Shown, cancellationToken)).Count;
        // A quarantined record whose file was taken in again is history, not work.
        QuarantinedFiles = (await deliveries.ListAsync("quarantined", FilesModel.Shown, cancellationToken)).Count(FilesModel.StillInQuarantine);
    }
}
