using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Gateway;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Gateway;

/// <summary>
/// The client against a simulator that throttles (real HTTP on loopback): throttling answers are waited out, nothing
/// fails and nothing executes twice, and the requests arrive no faster than the client's configured rate — measured
/// from the arrival times the simulator recorded, not from the client's own account.
/// </summary>
public sealed class GatewayThrottlingTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_a_gateway_throttling_with_429_every_capture_executes_once_and_arrivals_stay_under_the_client_rate()
    {
        const int ClientRate = 20;
        var address = await simulator.StartSimulatorAsync(Throttle(15, "Http429", retryAfterSeconds: 1));
        var client = simulator.Client(baseUrl: address, configure: options => options.MaxRequestsPerSecond = ClientRate);
        var log = simulator.RequestLog(address);
        var preAuthorizations = new List<string>();
        foreach (var _ in Enumerable.Range(0, 30))
        {
            preAuthorizations.Add((await client.PayAsync(PreAuthorization, Eur("50.00"))).Id!);
        }

        var captures = preAuthorizations.Select(pa => (Id: NewOperationId(), Pa: pa)).ToList();
        var outcomes = await Task.WhenAll(captures.Select(capture =>
            client.SendBackofficeAsync(new BackofficeRequest(capture.Id, Capture, capture.Pa, Eur("20.00")), Cancel)));
        var found = await Task.WhenAll(captures.Select(capture => client.QueryByMerchantTransactionIdAsync(capture.Id, Cancel)));

        Assert.All(outcomes, outcome => Assert.True(outcome.Response is { IsSuccessful: true }, outcome.ToString()));
        Assert.All(found, query => Assert.True(Assert.Single(query.Transactions).IsSuccessful));
        var requests = log.Requests;
        Assert.Contains(requests, request => request.Throttled);
        AssertEachExecutedOnce(requests, captures.Select(capture => capture.Id));
        AssertArrivalsWithin(requests, ClientRate);
    }

    [Fact]
    public async Task Rejected_by_throttling_800_120_100_is_waited_out_with_a_doubling_delay_and_never_ends_as_a_decline()
    {
        var address = await simulator.StartSimulatorAsync(Throttle(5, "ResultCode", retryAfterSeconds: 0));
        var client = simulator.Client(baseUrl: address, configure: options => options.ThrottledRetryDelay = TimeSpan.FromMilliseconds(100));
        var log = simulator.RequestLog(address);
        var payments = Enumerable.Range(0, 12).Select(_ => NewOperationId()).ToList();

        var outcomes = await Task.WhenAll(payments.Select(id =>
            client.SendInitialPaymentAsync(new InitialPaymentRequest(id, Debit, Eur("9.00"), Card()), Cancel)));

        Assert.All(outcomes, outcome => Assert.True(outcome.Response is { IsSuccessful: true }, outcome.ToString()));
        Assert.Contains(log.Requests, request => request.Throttled);
        AssertEachExecutedOnce(log.Requests, payments);
    }

    [Fact]
    public async Task Throttled_past_its_wait_limit_a_call_ends_not_sent_and_nothing_executed()
    {
        var address = await simulator.StartSimulatorAsync(Throttle(1, "Http429", retryAfterSeconds: 0));
        var client = simulator.Client(baseUrl: address, configure: options =>
        {
            options.ThrottledRetryDelay = TimeSpan.FromMilliseconds(100);
            options.MaxThrottledWait = TimeSpan.FromMilliseconds(400);
        });
        var log = simulator.RequestLog(address);
        await client.PayAsync(PreAuthorization, Eur("10.00"));
        var id = NewOperationId();

        var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(id, Debit, Eur("9.00"), Card()), Cancel);

        Assert.Equal(GatewayOutcomeKind.NotSent, outcome.Kind);
        var sends = log.Requests.Where(request => request.MerchantTransactionId == id).ToList();
        Assert.True(sends.Count >= 3, $"{sends.Count} sends");
        Assert.All(sends, send => Assert.True(send.Throttled));
    }

    [Fact]
    public async Task With_a_concurrency_limit_no_more_requests_are_in_flight_at_the_gateway_than_it_allows()
    {
        var address = await simulator.StartSimulatorAsync();
        var client = simulator.Client(baseUrl: address, configure: options => options.MaxConcurrentRequests = 2);
        var log = simulator.RequestLog(address);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendInitialPaymentAsync(
            new InitialPaymentRequest(NewOperationId(), Debit, Eur("5.00"), Card()) { CustomParameters = Fault("latency:150") }, Cancel)));

        Assert.All(outcomes, outcome => Assert.True(outcome.Response is { IsSuccessful: true }, outcome.ToString()));
        Assert.Equal(2, log.Requests.Max(request => request.InFlight));
    }

    private static Dictionary<string, string?> Throttle(int perSecond, string answer, int retryAfterSeconds) => new()
    {
        ["Simulator:Throttle:RequestsPerSecond"] = perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Simulator:Throttle:Answer"] = answer,
        ["Simulator:Throttle:RetryAfterSeconds"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void AssertEachExecutedOnce(IReadOnlyList<SimulatorRequest> requests, IEnumerable<string> ids)
    {
        var taken = requests.Where(request => request.Method == "POST" && !request.Throttled).GroupBy(request => request.MerchantTransactionId).ToDictionary(group => group.Key ?? string.Empty, group => group.Count());
        Assert.All(ids, id => Assert.Equal(1, taken.GetValueOrDefault(id)));
    }

    /// <summary>
    /// Every request that reached the simulator (throttled or not) counts as sent. In any one second at most the rate
    /// and one refill of the limiter's bucket, plus one for arrival jitter; over the whole run no more than the rate.
    /// </summary>
    internal static void AssertArrivalsWithin(IReadOnlyList<SimulatorRequest> requests, int perSecond)
    {
        var times = requests.Select(request => request.ReceivedAt).Order().ToList();
        var busiest = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= 1.0)
            {
                first++;
            }

            busiest = Math.Max(busiest, last - first + 1);
        }

        var perRefill = Math.Max(1, perSecond / 20);
        Assert.True(busiest <= perSecond + perRefill + 1, $"{busiest} requests arrived within one second; the limit is {perSecond}/s");
        var span = times[^1] - times[0];
        Assert.True(times.Count - 1 <= perSecond * span * 1.05 + perRefill, $"{times.Count} requests in {span:F2} s; the limit is {perSecond}/s");
    }
}
