namespace Settlement.GatewaySimulator;

/// <summary>The faults the simulator can inject into a POST, and whether the request executes.</summary>
public enum SimulatorFaultKind
{
    None,

    /// <summary><c>latency:&lt;ms&gt;</c>: waits, then processes normally.</summary>
    Latency,

    /// <summary><c>timeout</c>: NOT executed; holds the request past the client's timeout, then answers 900.100.300.</summary>
    Timeout,

    /// <summary><c>timeout-executed</c>: executed and stored, then the answer is held past the client's timeout.</summary>
    TimeoutExecuted,

    /// <summary><c>http500</c>: NOT executed; HTTP 500.</summary>
    Http500,

    /// <summary><c>reset</c>: NOT executed; the connection is aborted without an answer.</summary>
    Reset,

    /// <summary><c>decline</c>: executed as a bank decline (800.100.203), stored, moves nothing.</summary>
    Decline,

    /// <summary><c>response-lost</c>: executed and stored, then the connection is aborted: only the query API can tell.</summary>
    ResponseLost,
}
