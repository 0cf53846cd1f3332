namespace Settlement.Harness.Infrastructure;

/// <summary>
/// The harness's gateway: a <see cref="LoopbackSimulator"/> on a fixed loopback port, so that it can be started
/// again with other fault rates while the workers keep its address. Its state is in the run's database.
/// </summary>
internal static class HarnessGateway
{
    public const string AccessToken = "harness-access-token";
    public const string EntityId = "8a8294174b7ecb28014b9699220015ca";

    public static Task<LoopbackSimulator> StartAsync(string connectionString, int port, IReadOnlyDictionary<string, double> faultRates, int seed, TimeSpan timeoutHold) =>
        LoopbackSimulator.StartAsync(
            new LoopbackSimulatorSettings
            {
                ConnectionString = connectionString,
                AccessToken = AccessToken,
                EntityIds = [EntityId],
                Port = port,
                Faults = new SimulatorFaults { Seed = seed, TimeoutHold = timeoutHold, Rates = faultRates },
            },
            CancellationToken.None);
}
