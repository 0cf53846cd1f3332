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

        // At the gateway: exactly one successful transaction under each operation id.
        var executed = await ReadAsync(
            "SELECT merchant_transaction_id, transaction_id, amount_minor FROM simulator.transactions WHERE succeeded AND merchant_transaction_id = ANY(@ids)", ids);
        Assert.Equal(ids.Count, executed.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), executed.Select(row => row.OperationId).Order(StringComparer.Ordinal));

        // In the ledger: the same transactions, the same amounts.
        var recorded = await ReadAsync(
            "SELECT merchant_transaction_id, transaction_id, amount_minor FROM ledger.transactions WHERE merchant_transaction_id = ANY(@ids)", ids);
        Assert.Equal(executed.OrderBy(row => row.OperationId, StringComparer.Ordinal), recorded.OrderBy(row => row.OperationId, StringComparer.Ordinal));
        Assert.Equal(executed.Sum(row => row.AmountMinor), recorded.Sum(row => row.AmountMinor));

        var attempts = final.Sum(operation => operation.Attempts);
        var sends = await host.ScalarAsync<long>("SELECT count(*) FROM simulator.transactions WHERE merchant_transaction_id = ANY(@ids)", ("ids", ids.ToArray()));
        output.WriteLine(
            $"{ids.Count} operations; {attempts} attempts sent ({final.Count(operation => operation.Attempts > 1)} operations needed more than one); " +
            $"{sends} transactions stored at the simulator (declines included); {declinedFirst} declined in the first round; {personRetries} retries by a person; " +
            $"{executed.Count} executed successfully, {recorded.Count} legs in the ledger, {executed.Sum(row => row.AmountMinor)} minor units on both sides");
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
