using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Disputes;

namespace Settlement.Worker.OperatorConsole;

/// <summary>The console's landing page: what waits for a person today, each a link to its list.</summary>
public sealed class IndexModel(
    ExceptionCasework casework,
    OperationStore operations,
    FileDeliveryStore deliveries,
    DisputeOverview disputes,
    IOptions<ConsoleOptions> options,
    IOptions<DisputesOptions> disputeOptions,
    IConfiguration configuration) : PageModel
{
    public long OpenExceptions { get; private set; }

    public long LateExceptions { get; private set; }

    public int WaitingOperations { get; private set; }

    public int QuarantinedFiles { get; private set; }

    /// <summary>Open dispute cases due within <see cref="NearDays"/> days or overdue.</summary>
    public int NearDisputes { get; private set; }

    public int NearDays => disputeOptions.Value.NearDeadlineDays;

    /// <summary>This month's brands past their ratio warning level, the worst first.</summary>
    public IReadOnlyList<ChargebackRatio> Alarming { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (OpenExceptions, LateExceptions) = await casework.OpenCountsAsync(options.Value.Sla(), cancellationToken);
        WaitingOperations = (await operations.NeedingAttentionAsync(OperationsModel.Shown, cancellationToken)).Count;
        // A quarantined record whose file was taken in again is history, not work.
        QuarantinedFiles = (await deliveries.ListAsync("quarantined", FilesModel.Shown, cancellationToken)).Count(FilesModel.StillInQuarantine);
        // Only this month's ratios: last month's standing is history on the disputes page.
        var report = await disputes.ReadAsync(MerchantZone.Of(configuration), 1, disputeOptions.Value.ToThresholds(), cancellationToken);
        NearDisputes = report.Cases.Count(item => item.IsDeadlineNear(report.Today, NearDays));
        Alarming = [.. report.Ratios.Where(ratio => ratio.Level != RatioLevel.Below).OrderByDescending(ratio => ratio.WorstRatio)];
    }
}
