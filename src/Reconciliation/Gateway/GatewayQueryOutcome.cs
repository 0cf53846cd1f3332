namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The answer of a query that can return several transactions (by merchantTransactionId, or a payment's
/// tree): the query's own result and the transactions found, empty when none.
/// </summary>
public sealed record GatewayQueryOutcome
{
    private GatewayQueryOutcome(GatewayOutcomeKind kind, GatewayResponse? result, IReadOnlyList<GatewayResponse> transactions, string? failure)
    {
        Kind = kind;
        Result = result;
        Transactions = transactions;
        Failure = failure;
    }

    public GatewayOutcomeKind Kind { get; }

    /// <summary>The query's own result code (e.g. 700.400.580 when nothing was found).</summary>
    public GatewayResponse? Result { get; }

    public IReadOnlyList<GatewayResponse> Transactions { get; }

    public string? Failure { get; }

    public bool IsProcessed => Kind == GatewayOutcomeKind.Processed;

    public static GatewayQueryOutcome Processed(GatewayResponse result, IReadOnlyList<GatewayResponse> transactions) =>
        new(GatewayOutcomeKind.Processed, result, transactions, null);

    public static GatewayQueryOutcome Failed(GatewayOutcomeKind kind, string failure) => new(kind, null, [], failure);

    public override string ToString() => IsProcessed ? $"{Result?.ResultCode}: {Transactions.Count} transaction(s)" : $"{Kind}: {Failure}";
}
