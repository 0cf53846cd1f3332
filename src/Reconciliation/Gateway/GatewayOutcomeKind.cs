namespace Settlement.Reconciliation.Gateway;

/// <summary>What is known about a request after the client tried to send it.</summary>
public enum GatewayOutcomeKind
{
    /// <summary>The gateway answered with a result code (any code, declines and HTTP 400 included).</summary>
    Processed,

    /// <summary>
    /// Sent, but no usable answer came back (timeout, connection reset, HTTP 5xx, a body that is not an
    /// answer): a POST may have executed. Query by merchantTransactionId before sending it again.
    /// </summary>
    OutcomeUnknown,

    /// <summary>
    /// Not executed: nothing reached the gateway (connection refused, host not found), or it kept refusing the request
    /// by throttling longer than the client waits. Safe to send again.
    /// </summary>
    NotSent,

    /// <summary>The client refused to send it (e.g. an amount the gateway cannot express): sending again will not help.</summary>
    Refused,
}
