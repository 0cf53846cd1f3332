namespace Settlement.Reconciliation.Gateway;

/// <summary>One entry of <c>result.parameterErrors</c> of an HTTP 400 answer: which field and why.</summary>
public sealed record GatewayParameterError(string Name, string? Value, string Message);
