namespace Settlement.GatewaySimulator;

/// <summary>How the simulator refuses a request by throttling.</summary>
public enum SimulatorThrottleAnswer
{
    /// <summary>HTTP 429 Too Many Requests, before any processing (its body carries 800.120.100 too).</summary>
    Http429,

    /// <summary>HTTP 200 with result code 800.120.100 (rejected by throttling).</summary>
    ResultCode,
}
