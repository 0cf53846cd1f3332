namespace Settlement.Worker.Commands;

/// <summary>An <c>op …</c> command: operations on the gateway, enqueued for the running worker to execute.</summary>
public abstract record OpCommand : WorkerCommand
{
    /// <summary>The <c>op</c> group: one subcommand per operation kind, then what an operator does with operations and holds.</summary>
    public static Verb Define() => new(
        "op",
        "Operator operations on the gateway: each request is checked against the ledger, then queued for the running worker (settlement run) to send exactly once.")
    {
        Subcommands =
        {
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Capture),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Reversal),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Refund),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Rebill),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Chargeback),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.ChargebackReversal),
            OpRequestCommand.Define(Reconciliation.Ledger.TransactionType.Credit),
            OpListCommand.Define(),
            OpRetryCommand.Define(),
            OpApproveCommand.Define(),
            OpRejectCommand.Define(),
            OpCancelCommand.Define(),
            OpHoldCommand.Define(),
            OpUnholdCommand.Define(),
        },
        Examples =
        {
            new("settlement op refund 8ac7a4a2 12.50 EUR", "refund 12.50 EUR of a debit"),
            new("settlement op list --failed", "the operations a person must act on"),
        },
    };

    public sealed override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<OpCommandRunner>().RunAsync(this, context.Output, context.Error, context.Cancellation);
    }

    /// <summary>The exit codes every op command shares: it was queued or done, or it was refused and nothing was created.</summary>
    internal static void AddExitCodes(Verb verb, string done)
    {
        verb.ExitCodes[Commands.ExitCodes.Ok] = done;
        verb.ExitCodes[Commands.ExitCodes.UsageOrConfiguration] = "refused: the line names the rule or the problem, and nothing was created";
    }
}
