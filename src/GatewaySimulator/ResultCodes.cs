using Settlement.Reconciliation.Ledger;

namespace Settlement.GatewaySimulator;

/// <summary>The result codes the simulator answers and their descriptions (docs/gateway-api.md).</summary>
public static class ResultCodes
{
    public const string TestSuccess = "000.100.110";
    public const string LiveSuccess = "000.000.000";
    public const string QuerySuccess = "000.000.100";
    public const string InvalidParameter = "200.300.404";
    public const string InvalidAuthentication = "800.900.300";
    public const string EntityNotConfigured = "800.121.100";
    public const string ReferenceNotFound = "700.100.100";
    public const string EntityDiffers = "700.400.700";
    public const string ReferenceRejected = "700.300.200";
    public const string TransactionNotFound = "700.400.580";
    public const string InvalidCard = "800.100.151";
    public const string InsufficientFunds = "800.100.203";
    public const string TimeoutUncertain = "900.100.300";
    public const string Throttled = "800.120.100";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [TestSuccess] = "Request successfully processed in 'Merchant in Integrator Test Mode'",
        [LiveSuccess] = "Transaction succeeded",
        [QuerySuccess] = "successful request",
        [InvalidParameter] = "invalid or missing parameter",
        [InvalidAuthentication] = "invalid authentication information",
        [EntityNotConfigured] = "Channel not configured for given source type. Please contact your account manager.",
        [ReferenceNotFound] = "referenced tx does not exist",
        ["700.100.500"] = "referenced tx currency differs from the currency of the new tx",
        [ReferenceRejected] = "referenced tx was rejected",
        ["700.300.300"] = "referenced tx was already refunded, captured or reversed",
        ["700.300.400"] = "referenced tx can not be captured (cut off time reached)",
        ["700.300.500"] = "chargeback error (multiple chargebacks)",
        ["700.300.600"] = "referenced tx can not be refunded or reversed (was charged back)",
        ["700.400.100"] = "cannot capture (PA value exceeded, PA reverted or invalid workflow?)",
        ["700.400.200"] = "cannot refund (refund volume exceeded or tx reversed or invalid workflow?)",
        ["700.400.300"] = "cannot reverse (already refunded|reversed, invalid workflow or amount exceeded)",
        ["700.400.400"] = "cannot chargeback (already chargebacked or invalid workflow?)",
        ["700.400.410"] = "cannot reverse chargeback (chargeback is already reversed or invalid workflow?)",
        ["700.400.420"] = "cannot reverse chargeback (no chargeback existing or invalid workflow?)",
        ["700.400.510"] = "capture needs at least one successful transaction of type (PA)",
        ["700.400.520"] = "refund needs at least one successful transaction of type (CP or DB or RB or RC)",
        ["700.400.530"] = "reversal needs at least one successful transaction of type (CP or DB or RB or PA)",
        ["700.400.550"] = "chargeback needs at least one successful transaction of type (CP or DB or RB)",
        [TransactionNotFound] = "cannot find transaction",
        [EntityDiffers] = "referenced tx contains an invalid entityId",
        ["100.550.300"] = "request contains no amount or too low amount",
        [InvalidCard] = "transaction declined (invalid card)",
        [InsufficientFunds] = "transaction declined (amount exceeds credit)",
        [TimeoutUncertain] = "Timeout, uncertain result",
        [Throttled] = "Rejected by Throttling.",
    };

    public static string Success(bool testMode) => testMode ? TestSuccess : LiveSuccess;

    public static string Describe(string code) =>
        Descriptions.TryGetValue(code, out var description) ? description : $"result {code} (simulated)";

    /// <summary>The code the gateway answers for a broken ledger rule, described.</summary>
    public static string Describe(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return $"{Describe(rejection.GatewayResultCode)}: {rejection.Message}";
    }
}
