namespace Settlement.Worker.Demo;

/// <summary>One dispute event of a file and what the worker did about it.</summary>
public sealed record DisputeActed(
    string DisputeId, string Event, string? PaymentId, string? MerchantReference, long? AmountMinor, string? Currency, string? Scheme, string? ReasonCode, string Action, string? OperationId);
