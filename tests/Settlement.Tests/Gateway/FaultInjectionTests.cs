using Settlement.Reconciliation.ResultCodes;
using Settlement.Reconciliation.Gateway;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Gateway;

/// <summary>Each injected fault yields the client outcome that tells the caller whether to query first.</summary>
public sealed class FaultInjectionTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly GatewayClient _client = simulator.Client(paymentTimeout: TimeSpan.FromSeconds(1.5));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Response_lost_executed_the_capture_and_the_query_finds_it_exactly_once()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var operationId = NewOperationId();

        var outcome = await _client.SendBackofficeAsync(new BackofficeRequest(operationId, Capture, pa.Id!, Eur("25.00")) { CustomParameters = Fault("response-lost") }, Cancel);
        var found = await _client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal(GatewayOutcomeKind.OutcomeUnknown, outcome.Kind);
        var capture = Assert.Single(found.Transactions);
        Assert.Equal((Capture, Eur("25.00"), true, pa.Id), (capture.PaymentType!.Value, capture.Amount!.Value, capture.IsSuccessful, capture.ReferencedId));
    }

    [Fact]
    public async Task Response_lost_on_an_initial_payment_executed_it()
    {
        var operationId = NewOperationId();

        var outcome = await _client.SendInitialPaymentAsync(new InitialPaymentRequest(operationId, Debit, Eur("12.00"), Card()) { CustomParameters = Fault("response-lost") }, Cancel);
        var found = await _client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal(GatewayOutcomeKind.OutcomeUnknown, outcome.Kind);
        Assert.True(Assert.Single(found.Transactions).IsSuccessful);
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("http500")]
    [InlineData("timeout")]
    public async Task A_fault_before_executing_leaves_the_outcome_unknown_to_the_client_and_nothing_executed(string fault)
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var operationId = NewOperationId();

        var outcome = await _client.SendBackofficeAsync(new BackofficeRequest(operationId, Capture, pa.Id!, Eur("25.00")) { CustomParameters = Fault(fault) }, Cancel);
        var found = await _client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal(GatewayOutcomeKind.OutcomeUnknown, outcome.Kind);
        Assert.True(found.IsProcessed);
        Assert.Empty(found.Transactions);
        Assert.Equal("700.400.580", found.Result!.ResultCode);
    }

    [Fact]
    public async Task A_timeout_after_executing_leaves_the_outcome_unknown_and_the_query_finds_the_operation()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var operationId = NewOperationId();

        var outcome = await _client.SendBackofficeAsync(new BackofficeRequest(operationId, Capture, pa.Id!, Eur("25.00")) { CustomParameters = Fault("timeout-executed") }, Cancel);
        var found = await _client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal(GatewayOutcomeKind.OutcomeUnknown, outcome.Kind);
        Assert.Contains("no answer within 1.5 s", outcome.Failure, StringComparison.Ordinal);
        Assert.True(Assert.Single(found.Transactions).IsSuccessful);
    }

    [Fact]
    public async Task A_decline_fault_is_a_processed_bank_decline_that_moves_nothing()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));

        var declined = await _client.OperateAsync(Capture, pa.Id!, Eur("100.00"), Fault("decline"));
        var capture = await _client.OperateAsync(Capture, pa.Id!, Eur("100.00"));

        Assert.Equal(("800.100.203", ResultCodeClass.Declined), (declined.ResultCode, declined.Class));
        Assert.True(capture.IsSuccessful);
    }

    [Fact]
    public async Task Latency_delays_the_answer_but_processes_the_request()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var debit = await _client.PayAsync(Debit, Eur("5.00"), custom: Fault("latency:300"));

        Assert.True(debit.IsSuccessful);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task Nothing_listening_means_not_sent()
    {
        var client = simulator.Client(baseUrl: new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/"));

        var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(NewOperationId(), Debit, Eur("5.00"), Card()), Cancel);

        Assert.Equal(GatewayOutcomeKind.NotSent, outcome.Kind);
    }

    [Fact]
    public async Task An_unknown_fault_name_is_a_parameter_error()
    {
        var outcome = await _client.SendInitialPaymentAsync(new InitialPaymentRequest(NewOperationId(), Debit, Eur("5.00"), Card()) { CustomParameters = Fault("meteor") }, Cancel);

        Assert.Equal((400, "200.300.404"), (outcome.HttpStatus, outcome.Response!.ResultCode));
        Assert.Equal("customParameters[simulatorFault]", Assert.Single(outcome.Response.ParameterErrors).Name);
    }

    [Fact]
    public async Task The_simulator_state_survives_a_restart()
    {
        var address = await simulator.StartSimulatorAsync();
        var before = simulator.Client(baseUrl: address);
        var pa = await before.PayAsync(PreAuthorization, Eur("100.00"));
        await before.OperateAsync(Capture, pa.Id!, Eur("70.00"));
        await simulator.StopSimulatorAsync(address);

        var after = simulator.Client(baseUrl: await simulator.StartSimulatorAsync());
        var capture = await after.OperateAsync(Capture, pa.Id!, Eur("30.01"));

        Assert.Equal("700.400.100", capture.ResultCode);
    }
}
