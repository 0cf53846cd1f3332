namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The result of one call to the gateway: a processed <see cref="Response"/>, or why there is none
/// (<see cref="Kind"/> tells whether the request may have executed).
/// </summary>
public sealed record GatewayOutcome
{
    private GatewayOutcome(GatewayOutcomeKind kind, GatewayResponse? response, int? httpStatus, string? failure)
    {
        Kind = kind;
        Response = response;
        HttpStatus = httpStatus;
        Failure = failure;
    }

    public GatewayOutcomeKind Kind { get; }

    /// <summary>The answer, when <see cref="Kind"/> is <see cref="GatewayOutcomeKind.Processed"/>.</summary>
    public GatewayResponse? Response { get; }

    /// <summary>The HTTP status of the answer, when one came.</summary>
    public int? HttpStatus { get; }

    /// <summary>Why there is no answer, fit for an operator: "timed out after 30 s", "HTTP 503", ….</summary>
    public string? Failure { get; }

    public bool IsProcessed => Kind == GatewayOutcomeKind.Processed;

    public static GatewayOutcome Processed(GatewayResponse response, int httpStatus) =>
        new(GatewayOutcomeKind.Processed, response ?? throw new ArgumentNullException(nameof(response)), httpStatus, null);

    public static GatewayOutcome Unknown(string failure, int? httpStatus = null) => new(GatewayOutcomeKind.OutcomeUnknown, null, httpStatus, failure);

    public static GatewayOutcome NotSent(string failure) => new(GatewayOutcomeKind.NotSent, null, null, failure);

    public static GatewayOutcome Refused(string failure) => new(GatewayOutcomeKind.Refused, null, null, failure);

    public override string ToString() => Response is { } response
        ? $"{Kind} {response.ResultCode} {response.ResultDescription}"
        : $"{Kind}: {Failure}";
}
