using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>
/// Exactly once under faults: hundreds of operations through a gateway that fails a third of the POSTs in every
/// way it knows — timeouts with and without execution, HTTP 500, connection resets, declines, lost responses,
/// latency — then every operation has executed once at the simulator and the ledger agrees with it to the cent.
/// </summary>
[Collection(OperationsHostGroup.Name)]
public sealed class ExactlyOnceTests(OperationsHost host, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dictionary<string, double> Faults = new()
    {
        ["timeout"] = 0.05,
        ["timeout-executed"] = 0.05,
        ["http500"] = 0.05,
        ["reset"] = 0.05,
        ["decline"] = 0.04,
        ["response-lost"] = 0.08,
        ["latency"] = 0.03,
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.UseGatewayFaultsAsync(new Dictionary<string, double>());

    [Fact]
    public async Task Two_hundred_operations_under_a_third_of_faults_execute_once_each_and_the_ledger_agrees_to_the_cent()
    {
        Assert.True(Faults.Values.Sum() >= 0.30);
        var orders = new List<(TransactionType Kind, string On, Money? Amount)>();
        for (var i = 0; i < 60; i++)
        {
            orders.Add((Capture, await host.PaymentAsync(PreAuthorization, Cents(10_000 + i)), Cents(5_000 + i)));
        }

        for (var i = 0; i < 60; i++)
        {
            var db = await host.PaymentAsync(Debit, Cents(8_000 + i));
            orders.Add((Refund, db, Cents(1_000 + i)));
            if (i < 30)
            {
                orders.Add((Rebill, db, Cents(700 + i)));
            }
        }

        // Chargebacks on debits of their own: a chargeback racing a refund of the same debit is refused by the gateway.
        for (var i = 0; i < 30; i++)
        {
            orders.Add((Chargeback, await host.PaymentAsync(Debit, Cents(6_000 + i)), Cents(6_000 + i)));
        }

        for (var i = 0; i < 20; i++)
        {
            orders.Add((Reversal, await host.PaymentAsync(PreAuthorization, Cents(3_000 + i)), null));
        }

        await host.UseGatewayFaultsAsync(Faults);
        var ids = new List<string>();
        foreach (var (kind, on, amount) in orders)
        {
            ids.Add((await host.RequestAsync(kind, on, amount)).Id);
        }

        Assert.True(ids.Count >= 200);
        var firstRound = await FinishAllAsync(ids);
        var declinedFirst = firstRound.Count(operation => operation.Status == OperationStatus.Failed);

        // Declines wait for a person: retry them as `op retry` does until none is left (the faults stay on).
        var personRetries = 0;
        for (var round = 0; round < 10; round++)
        {
            var failed = (await FinishAllAsync(ids)).Where(operation => operation.Status == OperationStatus.Failed).ToList();
            if (failed.Count == 0)
            {
                break;
            }

            foreach (var operation in failed)
            {
                Assert.True((await host.Requests.RetryAsync(operation.Id, CancellationToken.None)).IsSuccess);
                personRetries++;
            }
        }

        var final = await FinishAllAsync(ids);
        Assert.All(final, operation => Assert.Equal(OperationStatus.Succeeded, operation.Status));

        var executed = await AssertExecutedOnceAndBookedAsync(ids);
        var attempts = final.Sum(operation => operation.Attempts);
        var sends = await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = ANY(@ids)", ("ids", ids.ToArray()));
        output.WriteLine(
            $"{ids.Count} operations; {attempts} attempts sent ({final.Count(operation => operation.Attempts > 1)} operations needed more than one); " +
            $"{sends} transactions stored at the simulator (declines included); {declinedFirst} declined in the first round; {personRetries} retries by a person; " +
            $"{executed.Count} executed successfully and as many legs in the ledger, {executed.Sum(row => row.AmountMinor)} minor units on both sides");
    }

    [Fact]
    public async Task A_burst_of_two_thousand_operations_under_a_fifth_of_faults_of_every_kind_executes_each_once_and_the_ledger_equals_the_simulator()
    {
        var faults = new Dictionary<string, double>
        {
            ["latency"] = 0.03,
            ["timeout"] = 0.03,
            ["timeout-executed"] = 0.03,
            ["http500"] = 0.03,
            ["reset"] = 0.03,
            ["decline"] = 0.02,
            ["response-lost"] = 0.03,
        };
        Assert.Equal(0.20, faults.Values.Sum(), 3);
        Assert.Equal(Enum.GetValues<Settlement.GatewaySimulator.SimulatorFaultKind>().Length - 1, faults.Count);
        var orders = await BurstOrdersAsync(captures: 1_200, reversals: 300, refunds: 500);
        await host.UseGatewayFaultsAsync(faults);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var ids = await RequestAllAsync(orders);
        var personRetries = await FinishWithPersonRetriesAsync(ids);

        var executed = await AssertExecutedOnceAndBookedAsync(ids);
        var attempts = await host.ScalarAsync<long>("SELECT sum(attempts) FROM operations.operations WHERE operation_id = ANY(@ids)", ("ids", ids.ToArray()));
        output.WriteLine($"{ids.Count} operations in {elapsed.Elapsed.TotalSeconds:F1} s; {attempts} attempts sent; {personRetries} retries by a person; {executed.Count} executed once each; {host.GatewayRequests.Count} requests at the gateway");
    }

    [Fact]
    public async Task A_burst_against_a_throttling_gateway_fails_nothing_and_sends_no_faster_than_the_rate_limit()
    {
        await host.UseGatewayAsync(new Dictionary<string, double>(), new Dictionary<string, string?>
        {
            ["Simulator:Throttle:RequestsPerSecond"] = "30",
            ["Simulator:Throttle:Answer"] = "Http429",
            ["Simulator:Throttle:RetryAfterSeconds"] = "1",
        });
        var orders = await BurstOrdersAsync(captures: 400, reversals: 100, refunds: 100);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var ids = await RequestAllAsync(orders);
        await WaitUntilFinishedAsync(ids);

        var statuses = await StatusesAsync(ids);
        Assert.Equal([(OperationStatus.Succeeded.ToCode(), ids.Count)], statuses);
        await AssertExecutedOnceAndBookedAsync(ids);
        var requests = host.GatewayRequests.Requests;
        Assert.Contains(requests, request => request.Throttled);
        Gateway.GatewayThrottlingTests.AssertArrivalsWithin(requests, OperationsHost.MaxRequestsPerSecond);
        output.WriteLine($"{ids.Count} operations in {elapsed.Elapsed.TotalSeconds:F1} s; {requests.Count} requests at the gateway, {requests.Count(request => request.Throttled)} throttled");
    }

    // Payments made at the clean simulator (and booked), then the operations on them: captures and reversals of PAs,
    // refunds of debits, each payment used once.
    private async Task<List<(TransactionType Kind, string On, Money? Amount)>> BurstOrdersAsync(int captures, int reversals, int refunds)
    {
        var plan = Enumerable.Range(0, captures).Select(i => (Kind: Capture, Pays: PreAuthorization, Amount: (Money?)Cents(1_000 + (i % 500))))
            .Concat(Enumerable.Range(0, reversals).Select(_ => (Kind: Reversal, Pays: PreAuthorization, Amount: (Money?)null)))
            .Concat(Enumerable.Range(0, refunds).Select(i => (Kind: Refund, Pays: Debit, Amount: (Money?)Cents(500 + (i % 300)))))
            .ToList();
        var orders = new (TransactionType Kind, string On, Money? Amount)[plan.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            var (kind, pays, amount) = plan[index];
            orders[index] = (kind, await host.PaymentAsync(pays, Cents(2_000 + (index % 700))), amount);
        });
        return [.. orders];
    }

    private async Task<List<string>> RequestAllAsync(List<(TransactionType Kind, string On, Money? Amount)> orders)
    {
        var ids = new string[orders.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, orders.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
            ids[index] = (await host.RequestAsync(orders[index].Kind, orders[index].On, orders[index].Amount)).Id);
        return [.. ids];
    }

    // Declines wait for a person: retry them as `op retry` does until none is left (the faults stay on).
    private async Task<int> FinishWithPersonRetriesAsync(List<string> ids)
    {
        var personRetries = 0;
        for (var round = 0; round < 10; round++)
        {
            await WaitUntilFinishedAsync(ids);
            var failed = await IdsWithStatusAsync(ids, OperationStatus.Failed);
            if (failed.Count == 0)
            {
                break;
            }

            foreach (var id in failed)
            {
                Assert.True((await host.Requests.RetryAsync(id, CancellationToken.None)).IsSuccess);
                personRetries++;
            }
        }

        Assert.Equal([(OperationStatus.Succeeded.ToCode(), ids.Count)], await StatusesAsync(ids));
        return personRetries;
    }

    private async Task WaitUntilFinishedAsync(List<string> ids)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var finished = new[] { OperationStatus.Succeeded.ToCode(), OperationStatus.Failed.ToCode(), OperationStatus.NeedsReview.ToCode() };
        while ((await StatusesAsync(ids)).Where(status => finished.Contains(status.Status)).Sum(status => status.Count) < ids.Count)
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromMinutes(3), string.Join(", ", await StatusesAsync(ids)));
            await Task.Delay(200);
        }
    }

    private async Task<List<(string Status, int Count)>> StatusesAsync(List<string> ids)
    {
        await using var command = host.DataSource.CreateCommand("SELECT status, count(*)::int FROM operations.operations WHERE operation_id = ANY(@ids) GROUP BY status ORDER BY status");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<(string, int)>();
        while (await reader.ReadAsync())
        {
            statuses.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return statuses;
    }

    private async Task<List<string>> IdsWithStatusAsync(List<string> ids, OperationStatus status)
    {
        await using var command = host.DataSource.CreateCommand("SELECT operation_id FROM operations.operations WHERE operation_id = ANY(@ids) AND status = @status");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("status", status.ToCode());
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<string>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    // At the gateway exactly one successful transaction under each operation id; in the ledger the same transactions
    // and amounts.
    private async Task<List<(string OperationId, string TransactionId, long AmountMinor)>> AssertExecutedOnceAndBookedAsync(List<string> ids)
    {
        var executed = await ReadAsync(
            "SELECT merchant_transaction_id, transaction_id, amount_minor FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids)", ids);
        Assert.Equal(ids.Count, executed.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), executed.Select(row => row.OperationId).Order(StringComparer.Ordinal));

        var recorded = await ReadAsync(
            "SELECT merchant_transaction_id, transaction_id, amount_minor FROM ledger.transactions WHERE merchant_transaction_id = ANY(@ids)", ids);
        Assert.Equal(executed.OrderBy(row => row.OperationId, StringComparer.Ordinal), recorded.OrderBy(row => row.OperationId, StringComparer.Ordinal));
        Assert.Equal(executed.Sum(row => row.AmountMinor), recorded.Sum(row => row.AmountMinor));
        return executed;
    }

    private static Money Cents(long minor) => new(minor, Currency.Eur);

    private async Task<IReadOnlyList<Operation>> FinishAllAsync(IReadOnlyList<string> ids)
    {
        var finished = new List<Operation>();
        foreach (var id in ids)
        {
            finished.Add(await host.WaitForFinishAsync(id, TimeSpan.FromMinutes(3)));
        }

        return finished;
    }

    private async Task<List<(string OperationId, string TransactionId, long AmountMinor)>> ReadAsync(string sql, List<string> ids)
    {
        await using var command = host.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }
}
