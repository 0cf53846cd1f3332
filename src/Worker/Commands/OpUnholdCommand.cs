namespace Settlement.Worker.Commands;

/// <summary><c>op unhold &lt;payment-id&gt; [--by NAME]</c>: releases a hold; the sweep takes the PA again when it is due.</summary>
public sealed record OpUnholdCommand(string PaymentId, string By) : OpCommand;
