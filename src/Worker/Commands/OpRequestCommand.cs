using Settlement.Reconciliation.Ledger;

namespace Settlement.Worker.Commands;

/// <summary><c>op &lt;kind&gt; &lt;referenced-id&gt; [&lt;amount&gt; &lt;currency&gt;] [--reason-code X]</c> (a payout has no referenced id).</summary>
public sealed record OpRequestCommand(TransactionType Kind, string? ReferencedId, string? Amount, string? Currency, string? ReasonCode) : OpCommand;
