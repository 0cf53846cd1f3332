using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using Settlement.Reconciliation.PaymentHistory;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// One payment's story — legs and balances, operations, file lines, disputes, exceptions, audit — on one timeline,
/// and the operator's actions on it. Each action is the command line's use case with the same rules, so a refusal
/// shows the rule's own words.
/// </summary>
public sealed class PaymentModel(
    LedgerStore ledger,
    OperationStore operationStore,
    OperationRequests requests,
    PaymentHoldStore holds,
    PaymentHistoryStore history,
    ExceptionCasework casework,
    IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = string.Empty;

    /// <summary>The leg a refund is on (a DB, CP or RB).</summary>
    [BindProperty]
    public string? Leg { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? OperationId { get; set; }

    public Payment Payment { get; private set; } = null!;

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public IReadOnlyList<SettlementLineRecord> Lines { get; private set; } = [];

    public IReadOnlyList<DisputeEventRecord> Disputes { get; private set; } = [];

    public IReadOnlyList<WorklistCase> Cases { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public PaymentHold? Hold { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public Instant Now { get; } = clock.GetCurrentInstant();

    /// <summary>The legs a refund may be on, with what each still has to refund.</summary>
    public IEnumerable<(LedgerTransaction Leg, Money Refundable)> Refundable =>
        Payment.Transactions.Where(leg => leg.Type is TransactionType.Debit or TransactionType.Capture or TransactionType.Rebill)
            .Select(leg => (leg, Payment.RefundableOn(leg)));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await ledger.FindPaymentAsync(Id, cancellationToken) is not { } payment)
        {
            return NotFound();
        }

        if (payment.Id != Id)
        {
            // A leg's id opens its payment.
            return RedirectToPage(new { id = payment.Id });
        }

        Payment = payment;
        var legIds = payment.Transactions.Select(leg => leg.Id).ToList();
        Operations = await operationStore.OnTransactionsAsync(legIds, cancellationToken);
        Lines = await history.SettlementLinesAsync(payment.Id, legIds, cancellationToken);
        Disputes = await history.DisputeEventsAsync(legIds, payment.Details.Arn, cancellationToken);
        Cases = await casework.OfPaymentAsync(payment.Id, cancellationToken);
        Audit = await ledger.AuditTrailAsync(payment.Id, cancellationToken);
        Hold = payment.IsPreAuthorization ? await history.HoldAsync(payment.Id, cancellationToken) : null;
        Timeline = Story();
        return Page();
    }

    public Task<IActionResult> OnPostCaptureAsync(CancellationToken cancellationToken) =>
        RequestAsync(TransactionType.Capture, Id, cancellationToken);

    public Task<IActionResult> OnPostReverseAsync(CancellationToken cancellationToken) =>
        RequestAsync(TransactionType.Reversal, Id, cancellationToken);

    public Task<IActionResult> OnPostRefundAsync(CancellationToken cancellationToken) =>
        RequestAsync(TransactionType.Refund, string.IsNullOrWhiteSpace(Leg) ? Id : Leg, cancellationToken);

    public async Task<IActionResult> OnPostHoldAsync(CancellationToken cancellationToken)
    {
        var refusal = await holds.HoldAsync(Id, Note ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        return Told(refusal is null ? $"{Id} is on hold: the capture sweep skips it until it is released" : null, refusal);
    }

    public async Task<IActionResult> OnPostUnholdAsync(CancellationToken cancellationToken)
    {
        var refusal = await holds.ReleaseAsync(Id, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        return Told(refusal is null ? $"{Id} is released: the capture sweep takes it again when it is due" : null, refusal);
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken)
    {
        var approved = await requests.ApproveAsync(OperationId ?? string.Empty, ConsoleDoor.UserOf(HttpContext), cancellationToken);
        return approved.TryGetValue(out var operation, out var refusal)
            ? Told($"operation {operation.Id}: {OperationKinds.CommandOf(operation.Kind)} {operation.Amount} approved, queued (job {operation.JobId})", null)
            : Told(null, refusal);
    }

    private async Task<IActionResult> RequestAsync(TransactionType kind, string referencedId, CancellationToken cancellationToken)
    {
        Money? amount = null;
        if (!string.IsNullOrWhiteSpace(Amount))
        {
            var payment = await ledger.FindPaymentAsync(Id, cancellationToken);
            var currency = payment?.Currency ?? Currency.Eur;
            if (!Money.Parse(Amount, currency.Code).TryGetValue(out var parsed, out var problem))
            {
                return Told(null, $"amount {Amount} {currency.Code}: {problem}");
            }

            amount = parsed;
        }

        var command = OperationKinds.CommandOf(kind);
        var actor = AuditActor.Operator(ConsoleDoor.UserOf(HttpContext), $"op {command} from the console");
        var result = await requests.RequestAsync(new OperationOrder(kind, referencedId, amount, null, actor), cancellationToken);
        if (!result.TryGetValue(out var operation, out var rejection))
        {
            // The command line's words: the rule's message, then the rule.
            return Told(null, $"{command} refused: {rejection.Message} ({rejection.Rule})");
        }

        var what = operation.Amount is { } money ? money.ToString() : "the open amount";
        return Told($"operation {operation.Id}: {command} {what} on {operation.ReferencedId} queued (job {operation.JobId})", null);
    }

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

        return RedirectToPage(new { id = Id });
    }

    private List<TimelineEntry> Story()
    {
        var story = new List<TimelineEntry>();
        foreach (var leg in Payment.Transactions)
        {
            story.Add(new TimelineEntry(leg.ProcessedAt, "leg", $"{leg.Type.ToCode()} {leg.Amount}", $"{leg.Id} · result {leg.ResultCode}{(leg.MerchantTransactionId is { } reference ? " · ref " + reference : string.Empty)}"));
        }

        foreach (var operation in Operations)
        {
            story.Add(new TimelineEntry(
                operation.CreatedAt,
                "operation",
                $"{OperationKinds.NameOf(operation.Kind)} {operation.Amount?.ToString() ?? "of the open amount"} requested by {operation.RequestedBy.Name}",
                $"operation {operation.Id} · {operation.Status.ToCode()} after {operation.Attempts} attempt{(operation.Attempts == 1 ? string.Empty : "s")}"
                + (operation.LastResultCode is { } code ? $" · gateway {code} {operation.LastResultDescription}" : string.Empty)));
        }

        foreach (var line in Lines)
        {
            story.Add(new TimelineEntry(
                line.DecidedAt ?? line.ReceivedAt,
                "line",
                $"{line.RecordType} line {line.Gross} in {line.FileName} (settlement date {line.SettlementDate:uuuu-MM-dd})",
                $"line {line.LineNumber}: {line.Outcome ?? "not decided yet"}{(line.Explanation is { } why ? " — " + why : string.Empty)}",
                $"/console/files#file-{line.FileId}"));
        }

        foreach (var dispute in Disputes)
        {
            story.Add(new TimelineEntry(
                dispute.ReceivedAt,
                "dispute",
                $"{dispute.Event} {dispute.Amount} (dispute {dispute.DisputeId}, {dispute.EventDate:uuuu-MM-dd})",
                $"{dispute.ReasonCode} {dispute.ReasonText}{(dispute.ReplyBy is { } by ? $" · reply by {by:uuuu-MM-dd}" : string.Empty)} · {dispute.FileName} line {dispute.LineNumber}"));
        }

        foreach (var item in Cases)
        {
            story.Add(new TimelineEntry(item.RaisedAt, "exception", $"exception #{item.Id} {item.Case.Kind} ({item.Case.Status})", item.Case.Summary, $"/console/exceptions/{item.Id}"));
        }

        foreach (var entry in Audit)
        {
            story.Add(new TimelineEntry(entry.OccurredAt, "audit", $"{entry.Action} by {entry.ActorKind.ToString().ToLowerInvariant()} {entry.Actor}", entry.Reason));
        }

        return [.. story.OrderBy(entry => entry.At).ThenBy(entry => entry.Kind == "audit")];
    }
}
