using Settlement.Reconciliation.Operations;

namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>One decision of a sweep as it is recorded: the operation it planned, or why the operations pipeline refused it.</summary>
/// <param name="Decision">What the policy decided.</param>
/// <param name="Operation">The planned capture or reversal; null for the other decisions and for a refused one.</param>
/// <param name="Refusal">Why the pipeline's rules refused the capture or reversal; null when they did not.</param>
public sealed record SweepOutcome(SweepDecision Decision, Operation? Operation = null, string? Refusal = null)
{
    /// <summary>The code of <c>recon.capture_decisions.action</c>.</summary>
    public string Action => Refusal is null ? Decision.Code : "refused";

    public string Reason => Refusal is null ? Decision.Reason : $"{Decision.Reason}; refused: {Refusal}";
}
