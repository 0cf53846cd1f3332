using System.Diagnostics;
using Settlement.Reconciliation.RemoteSources;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// A fault hook for the crash tests: with <c>SETTLEMENT_TEST_KILL_AT</c> naming a <see cref="PullPoint"/>
/// (<c>MidDownload</c>, <c>Downloaded</c>, <c>TakenIn</c>, <c>BeforeRemoteAction</c>), the process kills itself with
/// SIGKILL the first time a pull passes that point — the same death as <c>kill -9</c> or the OOM killer, at a
/// precise place. Unset (always, outside those tests), it does nothing.
/// </summary>
public static class KillSwitch
{
    public const string Variable = "SETTLEMENT_TEST_KILL_AT";

    /// <summary>The checkpoint observer the environment asks for, or null.</summary>
    public static Action<PullPoint>? FromEnvironment() =>
        Enum.TryParse<PullPoint>(Environment.GetEnvironmentVariable(Variable), ignoreCase: true, out var point)
            ? reached =>
            {
                if (reached == point)
                {
                    // SIGKILL to ourselves: no finally blocks, no flush, no graceful stop.
                    Process.GetCurrentProcess().Kill();
                }
            }
            : null;
}
