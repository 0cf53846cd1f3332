using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Harness.Infrastructure;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Harness.Data;

/// <summary>
/// Payments made at the simulator (PA and DB, before any fault is switched on), and the gateway's transactions
/// export of them written from the simulator's own state: dropped into the inbox, it puts them in the ledger.
/// </summary>
internal static class GatewayPayments
{
    private static readonly PaymentCard Card = new("VISA", "4200000000000000", "Jane Jones", 12, 2030, "123");

    public static async Task<IReadOnlyList<string>> MakeAsync(LoopbackSimulator gateway, TransactionType type, IReadOnlyList<long> amountsMinor, CancellationToken cancellationToken)
    {
        await using var provider = gateway.ClientServices();
        var client = provider.GetRequiredService<GatewayClient>();
        var ids = new string[amountsMinor.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, amountsMinor.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(OperationIds.New(), type, new Money(amountsMinor[i], Currency.Eur), Card), token);
            ids[i] = outcome.Response is { IsSuccessful: true, Id: { } id } ? id : throw new InvalidOperationException($"a seeded {type} failed: {outcome}");
        });
        return ids;
    }

    /// <summary>Writes the transactions export of every PA and DB the simulator holds to <paramref name="path"/>.</summary>
    public static async Task WriteExportAsync(RunDatabase database, string path, CancellationToken cancellationToken)
    {
        var rows = await database.GroupsAsync(
            """
            SELECT concat_ws(',', transaction_id, payment_type, '', (amount_minor / 100) || '.' || lpad((amount_minor % 100)::text, 2, '0'), currency,
                             to_char(processed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), result_code), 0::bigint
            FROM simulator.transactions WHERE payment_type IN ('PA', 'DB') AND succeeded ORDER BY sequence
            """,
            cancellationToken);
        var temporary = path + ".tmp";
        await File.WriteAllLinesAsync(temporary, [GeneratedDay.TransactionsHeader, .. rows.Select(row => row.Key)], cancellationToken);
        // Renamed into place so the drop folder never sees half a file.
        File.Move(temporary, path);
    }

    public static string Amount(long minor) => string.Create(CultureInfo.InvariantCulture, $"{minor / 100}.{minor % 100:D2}");
}
