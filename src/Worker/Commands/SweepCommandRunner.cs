using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using Settlement.Reconciliation.CaptureBeforeExpiry;
using Settlement.Worker.CaptureBeforeExpiry;

namespace Settlement.Worker.Commands;

/// <summary>
/// Runs <c>sweep captures</c>: one capture sweep now (or, with <c>--dry-run</c>, only its decisions) and the list
/// of every PA that is due, held or expired, with the action and the reason that names the rule.
/// </summary>
public sealed class SweepCommandRunner(IServiceProvider services)
{
    public async Task<int> RunAsync(SweepCapturesCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CaptureSweep sweep;
        try
        {
            sweep = services.GetRequiredService<CaptureSweep>();
        }
        catch (OptionsValidationException invalid)
        {
            await error.WriteLineAsync($"settlement: invalid configuration: {string.Join(" ", invalid.Failures)}");
            return 1;
        }

        var report = await sweep.SweepAsync(command.DryRun, cancellationToken);
        await output.WriteAsync(command.Json ? Json(report) : Table(report));
        return 0;
    }

    private static string Json(SweepReport report)
    {
        var json = new JsonObject
        {
            ["sweep_id"] = report.SweepId,
            ["dry_run"] = report.DryRun,
            ["at"] = InstantPattern.General.Format(report.Now),
            ["considered"] = report.Considered,
            ["capture"] = report.Count("capture"),
            ["reverse"] = report.Count("reverse"),
            ["expired"] = report.Count("expired"),
            ["held"] = report.Count("held"),
            ["refused"] = report.Count("refused"),
            ["taken_by_another_sweep"] = report.TakenByAnotherSweep,
            ["decisions"] = new JsonArray([.. report.Outcomes.Select(outcome => (JsonNode)new JsonObject
            {
                ["payment_id"] = outcome.Decision.PaymentId,
                ["action"] = report.DryRun || report.Won.Contains(outcome.Decision.PaymentId) ? outcome.Action : "taken_by_another_sweep",
                ["amount"] = AmountOf(outcome.Decision),
                ["expires_at"] = InstantPattern.General.Format(outcome.Decision.Expiry.ExpiresAt),
                ["due_at"] = InstantPattern.General.Format(outcome.Decision.DueAt),
                ["rule"] = outcome.Decision.Expiry.Rule?.ToString(),
                ["operation_id"] = outcome.Operation?.Id,
                ["reason"] = outcome.Reason,
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
    }

    private static string Table(SweepReport report)
    {
        var text = new StringBuilder();
        foreach (var outcome in report.Outcomes)
        {
            var action = report.DryRun || report.Won.Contains(outcome.Decision.PaymentId) ? outcome.Action : "taken by another sweep";
            text.AppendLine($"{outcome.Decision.PaymentId}  {action,-8}  {AmountOf(outcome.Decision),-14}  {outcome.Reason}");
        }

        text.AppendLine(report.DryRun ? report.Summary + " (nothing recorded or enqueued)" : $"sweep {report.SweepId}: {report.Summary}");
        return text.ToString();
    }

    private static string? AmountOf(SweepDecision decision) => decision switch
    {
        SweepDecision.Capture capture => capture.Amount.ToString(),
        SweepDecision.Reverse reverse => reverse.OpenAmount.ToString(),
        SweepDecision.Expired expired => expired.OpenAmount.ToString(),
        SweepDecision.Held held => held.OpenAmount.ToString(),
        _ => null,
    };
}
