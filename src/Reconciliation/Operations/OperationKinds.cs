using Settlement.Reconciliation.Ledger;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// The transaction types the worker sends as operations, with the Hangfire queue of each: one queue per
/// kind, so a backlog of one kind (a chargeback file of thousands of lines) never delays another (captures
/// racing a pre-authorization's expiry).
/// </summary>
public static class OperationKinds
{
    public static IReadOnlyList<TransactionType> All { get; } =
    [
        TransactionType.Capture, TransactionType.Reversal, TransactionType.Refund, TransactionType.Rebill,
        TransactionType.Chargeback, TransactionType.ChargebackReversal, TransactionType.Credit,
    ];

    /// <summary>Every operation queue (Hangfire queue names: lowercase letters, digits, dash).</summary>
    public static IReadOnlyList<string> Queues { get; } = [.. All.Select(QueueOf)];

    public static string QueueOf(TransactionType kind) => kind switch
    {
        TransactionType.Capture => "capture",
        TransactionType.Reversal => "reversal",
        TransactionType.Refund => "refund",
        TransactionType.Rebill => "rebill",
        TransactionType.Chargeback => "chargeback",
        TransactionType.ChargebackReversal => "chargeback-reversal",
        TransactionType.Credit => "payout",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an operation the worker sends."),
    };

    /// <summary>The operator's word for a kind, as on the command line: capture, reverse, refund, payout, rebill, chargeback, chargeback-reversal.</summary>
    public static string CommandOf(TransactionType kind) => kind switch
    {
        TransactionType.Reversal => "reverse",
        _ => QueueOf(kind),
    };

    /// <summary>A kind in a person's words, as titles and exception cases show it: capture, reversal, refund, rebill, chargeback, chargeback reversal, payout.</summary>
    public static string NameOf(TransactionType kind) => kind switch
    {
        TransactionType.ChargebackReversal => "chargeback reversal",
        _ => QueueOf(kind),
    };

    public static bool TryParseCommand(string? word, out TransactionType kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(CommandOf(candidate), word, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
