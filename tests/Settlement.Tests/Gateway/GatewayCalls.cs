using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Gateway;

/// <summary>Short ways to make payments and operations through the real client in tests.</summary>
internal static class GatewayCalls
{
    public const string VisaTestCard = "4200000000000000";

    public static PaymentCard Card(string number = VisaTestCard) => new("VISA", number, "Jane Jones", 12, 2030, "123");

    public static Money Eur(string amount) => Money.Parse(amount, Currency.Eur).Value;

    public static string NewOperationId() => $"op-{Guid.NewGuid():N}";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<GatewayResponse> PayAsync(this GatewayClient client, TransactionType type, Money amount, string? card = null, IReadOnlyDictionary<string, string>? custom = null)
    {
        var outcome = await client.SendInitialPaymentAsync(
            new InitialPaymentRequest(NewOperationId(), type, amount, Card(card ?? VisaTestCard)) { CustomParameters = custom ?? new Dictionary<string, string>() },
            Cancel);
        Assert.True(outcome.IsProcessed, outcome.ToString());
        return outcome.Response!;
    }

    public static async Task<GatewayResponse> OperateAsync(this GatewayClient client, TransactionType type, string referencedId, Money? amount, IReadOnlyDictionary<string, string>? custom = null, string? reasonCode = null)
    {
        var outcome = await client.SendBackofficeAsync(
            new BackofficeRequest(NewOperationId(), type, referencedId, amount) { CustomParameters = custom ?? new Dictionary<string, string>(), ChargebackReasonCode = reasonCode },
            Cancel);
        Assert.True(outcome.IsProcessed, outcome.ToString());
        return outcome.Response!;
    }

    public static Dictionary<string, string> Fault(string fault) => new() { ["simulatorFault"] = fault };
}
