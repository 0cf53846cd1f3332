using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Tests.Database;
using Settlement.Tests.Gateway;
using Settlement.Tests.Worker;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Webhooks;

/// <summary>A worker with no gateway configured runs the simulator itself, and its payments come back as webhooks.</summary>
public sealed partial class DefaultSimulatorTests(PostgresServer server) : IDisposable
{
    private const string Token = "default-simulator-token";

    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-simulator-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_gateway_url_the_worker_starts_the_simulator_on_loopback_and_records_its_payments_from_webhooks()
    {
        var connectionString = await server.CreateDatabaseAsync("default_simulator");
        await using var worker = WorkerProcess.Start(
            _folder,
            $"--ConnectionStrings:Settlement={connectionString}",
            $"--Settlement:Gateway:AccessToken={Token}",
            $"--Settlement:Gateway:EntityId={SimulatorFixture.EntityId}");
        Assert.True(await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Cancel), worker.Output + worker.Error);
        var url = await EventuallyAsync(() => Task.FromResult(StartedAt().Match(worker.Output) is { Success: true } match ? new Uri(match.Groups[1].Value) : null));
        Assert.Equal("127.0.0.1", url.Host);

        var services = new ServiceCollection().AddLogging();
        services.AddGatewayClient(options =>
        {
            options.BaseUrl = url;
            options.AccessToken = Token;
            options.EntityId = SimulatorFixture.EntityId;
        });
        await using var provider = services.BuildServiceProvider();
        var debit = await provider.GetRequiredService<GatewayClient>().PayAsync(Debit, Eur("42.00"));

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        dataSourceBuilder.UseNodaTime();
        await using var dataSource = dataSourceBuilder.Build();
        var ledger = new LedgerStore(dataSource, new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 11, 20, 14, 0)), NullLogger<LedgerStore>.Instance);
        var payment = await EventuallyAsync(() => ledger.FindPaymentAsync(debit.Id!, Cancel));
        Assert.Equal((Debit, Eur("42.00")), (payment.Root.Type, payment.Root.Amount));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var found = await Eventually.FoundAsync(_ => probe(), TimeSpan.FromSeconds(30), Cancel, pollMilliseconds: 100);
        Assert.True(found is not null, "condition not met within 30 s");
        return found;
    }

    [GeneratedRegex(@"gateway simulator started at (http://\S+) ")]
    private static partial Regex StartedAt();
}
