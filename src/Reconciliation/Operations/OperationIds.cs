using System.Security.Cryptography;

namespace Settlement.Reconciliation.Operations;

/// <summary>Operation ids: 32 lowercase hex, the shape of the gateway's own ids, sent as <c>merchantTransactionId</c>.</summary>
public static class OperationIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string? id) => Gateway.GatewayOptions.IsEntityId(id);
}
