namespace Settlement.Worker.Commands;

/// <summary>An <c>op …</c> command: operations on the gateway, enqueued for the running worker to execute.</summary>
public abstract record OpCommand : WorkerCommand
{
    public const string Usage =
        "usage: op capture|reverse|refund|rebill|chargeback|chargeback-reversal <referenced-id> [<amount> <currency>] [--reason-code X] | op payout <amount> <currency> | op list [--failed] [--json] | op retry <operation-id> | op approve <operation-id> [--by NAME] | op hold <payment-id> --note TEXT | op unhold <payment-id>";
}
