namespace Settlement.Worker.Commands;

/// <summary><c>op hold &lt;payment-id&gt; --note TEXT [--by NAME]</c>: the capture sweep skips the PA until it is released.</summary>
public sealed record OpHoldCommand(string PaymentId, string Note, string By) : OpCommand;
