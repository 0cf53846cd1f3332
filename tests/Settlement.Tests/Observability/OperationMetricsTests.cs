using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Settlement.Tests.Operations;
using Settlement.Worker.Observability;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Observability;

/// <summary>Operation jobs count their executions by result on the worker's meter.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class OperationMetricsTests(OperationsHost host)
{
    [Fact]
    public async Task A_succeeded_operation_is_counted_as_succeeded()
    {
        var results = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == SettlementMetrics.MeterName && instrument.Name == "settlement.operations")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    results.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();
        var pa = await host.PaymentAsync(PreAuthorization, Eur("12.00"));

        await host.WaitForSuccessAsync((await host.RequestAsync(Capture, pa)).Id);

        // The row turns succeeded inside the job, a moment before the job counts it.
        for (var wait = 0; wait < 50 && !results.Contains("succeeded"); wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains("succeeded", results);
    }
}
