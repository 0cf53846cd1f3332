using NodaTime;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.ResultCodes;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Gateway;

/// <summary>Every payment and backoffice type through the real client to the real simulator.</summary>
public sealed class BackofficeThroughSimulatorTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly GatewayClient _client = simulator.Client();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pre_authorization_is_partially_captured_then_the_rest_is_reversed()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var capture = await _client.OperateAsync(Capture, pa.Id!, Eur("60.00"));
        var reversal = await _client.OperateAsync(Reversal, pa.Id!, null);

        Assert.Equal(("000.100.110", ResultCodeClass.Success), (pa.ResultCode, pa.Class));
        Assert.Matches("^[0-9a-f]{32}$", pa.Id);
        Assert.Equal(("420000", "0000"), (pa.CardBin, pa.CardLast4));
        Assert.NotNull(pa.Timestamp);
        Assert.StartsWith(SimulatorFixture.EntityId + "_", pa.Ndc, StringComparison.Ordinal);
        Assert.Equal((Capture, pa.Id, Eur("60.00"), true), (capture.PaymentType!.Value, capture.ReferencedId, capture.Amount!.Value, capture.IsSuccessful));
        // The reversal echoes the open amount it released.
        Assert.Equal((Reversal, Eur("40.00"), true), (reversal.PaymentType!.Value, reversal.Amount!.Value, reversal.IsSuccessful));
    }

    [Fact]
    public async Task Capture_after_the_reversal_is_refused_as_pa_reverted()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("50.00"));
        await _client.OperateAsync(Reversal, pa.Id!, null);

        var capture = await _client.OperateAsync(Capture, pa.Id!, Eur("10.00"));

        Assert.Equal(("700.400.100", ResultCodeClass.InvalidRequest), (capture.ResultCode, capture.Class));
    }

    [Fact]
    public async Task Partial_refunds_on_a_debit_stop_at_the_refundable_amount()
    {
        var db = await _client.PayAsync(Debit, Eur("80.00"));
        var first = await _client.OperateAsync(Refund, db.Id!, Eur("30.00"));
        var second = await _client.OperateAsync(Refund, db.Id!, Eur("50.00"));
        var third = await _client.OperateAsync(Refund, db.Id!, Eur("0.01"));

        Assert.True(first.IsSuccessful && second.IsSuccessful);
        Assert.Equal("700.400.200", third.ResultCode);
        Assert.Contains("refundable 0.00 EUR", third.ResultDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refund_above_the_refundable_amount_answers_700_400_200()
    {
        var db = await _client.PayAsync(Debit, Eur("20.00"));

        var refund = await _client.OperateAsync(Refund, db.Id!, Eur("20.01"));

        Assert.Equal(("700.400.200", ResultCodeClass.InvalidRequest), (refund.ResultCode, refund.Class));
    }

    [Fact]
    public async Task A_chargeback_carries_its_reason_and_is_reversed_once_only()
    {
        var db = await _client.PayAsync(Debit, Eur("45.00"));
        var chargeback = await _client.OperateAsync(Chargeback, db.Id!, Eur("45.00"), reasonCode: "10.4");
        var reversal = await _client.OperateAsync(ChargebackReversal, chargeback.Id!, Eur("45.00"));
        var again = await _client.OperateAsync(ChargebackReversal, chargeback.Id!, Eur("45.00"));

        Assert.True(chargeback.IsSuccessful && reversal.IsSuccessful);
        Assert.Equal(chargeback.Id, reversal.ReferencedId);
        Assert.Equal("700.400.410", again.ResultCode);
    }

    [Fact]
    public async Task A_refund_while_a_chargeback_is_open_is_refused()
    {
        var db = await _client.PayAsync(Debit, Eur("45.00"));
        await _client.OperateAsync(Chargeback, db.Id!, Eur("45.00"));

        var refund = await _client.OperateAsync(Refund, db.Id!, Eur("5.00"));

        Assert.Equal("700.300.600", refund.ResultCode);
    }

    [Fact]
    public async Task A_payout_is_a_stand_alone_credit()
    {
        var payout = await _client.PayAsync(Credit, Eur("15.00"));

        Assert.Equal((Credit, Eur("15.00"), true), (payout.PaymentType!.Value, payout.Amount!.Value, payout.IsSuccessful));
        Assert.Null(payout.ReferencedId);
    }

    [Fact]
    public async Task A_rebill_charges_more_on_a_debit_and_on_a_captured_pre_authorization_but_not_an_uncaptured_one()
    {
        var db = await _client.PayAsync(Debit, Eur("30.00"));
        var captured = await _client.PayAsync(PreAuthorization, Eur("30.00"));
        await _client.OperateAsync(Capture, captured.Id!, Eur("30.00"));
        var uncaptured = await _client.PayAsync(PreAuthorization, Eur("30.00"));

        var onDebit = await _client.OperateAsync(Rebill, db.Id!, Eur("7.50"));
        var onCaptured = await _client.OperateAsync(Rebill, captured.Id!, Eur("7.50"));
        var onUncaptured = await _client.OperateAsync(Rebill, uncaptured.Id!, Eur("7.50"));

        Assert.Equal((Rebill, Eur("7.50"), true), (onDebit.PaymentType!.Value, onDebit.Amount!.Value, onDebit.IsSuccessful));
        Assert.True(onCaptured.IsSuccessful);
        Assert.Equal("700.300.200", onUncaptured.ResultCode);
    }

    [Fact]
    public async Task A_refund_of_a_rebill_is_bounded_by_the_rebill()
    {
        var db = await _client.PayAsync(Debit, Eur("30.00"));
        var rebill = await _client.OperateAsync(Rebill, db.Id!, Eur("7.50"));

        var refund = await _client.OperateAsync(Refund, rebill.Id!, Eur("7.51"));

        Assert.Equal("700.400.200", refund.ResultCode);
    }

    [Fact]
    public async Task A_capture_after_the_pre_authorization_expired_answers_700_300_400()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        simulator.Clock.Advance(Duration.FromDays(7) + Duration.FromMinutes(1));

        var capture = await _client.OperateAsync(Capture, pa.Id!, Eur("10.00"));

        Assert.Equal("700.300.400", capture.ResultCode);
    }

    [Fact]
    public async Task An_operation_in_another_currency_answers_700_100_500()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));

        var capture = await _client.OperateAsync(Capture, pa.Id!, Money.Parse("10.00", Currency.Usd).Value);

        Assert.Equal("700.100.500", capture.ResultCode);
    }

    [Fact]
    public async Task An_unknown_reference_answers_700_100_100()
    {
        var capture = await _client.OperateAsync(Capture, "0123456789abcdef0123456789abcdef", Eur("10.00"));

        Assert.Equal(("700.100.100", ResultCodeClass.InvalidRequest), (capture.ResultCode, capture.Class));
    }

    [Fact]
    public async Task An_operation_for_another_entity_than_its_payment_answers_700_400_700()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var other = simulator.Client(entityId: SimulatorFixture.OtherEntityId);

        var capture = await other.OperateAsync(Capture, pa.Id!, Eur("10.00"));

        Assert.Equal("700.400.700", capture.ResultCode);
    }

    [Fact]
    public async Task A_forced_result_code_is_answered_and_a_forced_decline_moves_nothing()
    {
        var declined = await _client.PayAsync(Debit, Eur("10.00"), custom: new Dictionary<string, string> { ["forceResultCode"] = "800.100.203" });
        var pa = await _client.PayAsync(PreAuthorization, Eur("10.00"));
        var forcedCapture = await _client.OperateAsync(Capture, pa.Id!, Eur("10.00"), new Dictionary<string, string> { ["forceResultCode"] = "800.100.151" });
        var realCapture = await _client.OperateAsync(Capture, pa.Id!, Eur("10.00"));
        var refundOfDeclined = await _client.OperateAsync(Refund, declined.Id!, Eur("1.00"));

        Assert.Equal(("800.100.203", ResultCodeClass.Declined), (declined.ResultCode, declined.Class));
        Assert.Equal(("800.100.151", ResultCodeClass.Declined), (forcedCapture.ResultCode, forcedCapture.Class));
        Assert.True(realCapture.IsSuccessful, "the forced decline captured nothing, so the whole amount is still open");
        Assert.Equal("700.300.200", refundOfDeclined.ResultCode);
    }

    [Fact]
    public async Task The_decline_test_card_is_declined_as_invalid_card()
    {
        var declined = await _client.PayAsync(Debit, Eur("10.00"), card: "4000000000000002");

        Assert.Equal(("800.100.151", ResultCodeClass.Declined), (declined.ResultCode, declined.Class));
    }

    [Fact]
    public async Task A_declined_operation_is_stored_and_found_by_its_merchant_transaction_id()
    {
        var db = await _client.PayAsync(Debit, Eur("10.00"));
        var operationId = NewOperationId();
        var refused = await _client.SendBackofficeAsync(new BackofficeRequest(operationId, Refund, db.Id!, Eur("99.00")), Cancel);

        var found = await _client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal("700.400.200", refused.Response!.ResultCode);
        var only = Assert.Single(found.Transactions);
        Assert.Equal((refused.Response.Id, "700.400.200"), (only.Id, only.ResultCode));
    }

    [Fact]
    public async Task The_query_by_id_returns_one_transaction_and_with_linked_transactions_the_whole_tree()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        var capture = await _client.OperateAsync(Capture, pa.Id!, Eur("60.00"));
        var refund = await _client.OperateAsync(Refund, capture.Id!, Eur("10.00"));

        var one = await _client.QueryAsync(capture.Id!, Cancel);
        var tree = await _client.QueryTreeAsync(refund.Id!, Cancel);
        var missing = await _client.QueryAsync("fedcba9876543210fedcba9876543210", Cancel);

        Assert.Equal((capture.Id, Capture, Eur("60.00")), (one.Response!.Id, one.Response.PaymentType!.Value, one.Response.Amount!.Value));
        Assert.Equal([pa.Id, capture.Id, refund.Id], tree.Transactions.Select(transaction => transaction.Id));
        Assert.Equal("700.400.580", missing.Response!.ResultCode);
    }

    [Fact]
    public async Task A_malformed_amount_gets_http_400_with_parameter_errors()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("100.00"));
        using var http = new HttpClient { BaseAddress = simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/payments/{pa.Id}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["entityId"] = SimulatorFixture.EntityId, ["paymentType"] = "CP", ["amount"] = "92.0", ["currency"] = "EUR",
            }),
        };
        request.Headers.Authorization = new("Bearer", SimulatorFixture.Token);

        using var response = await http.SendAsync(request, Cancel);
        var answer = GatewayResponse.FromJson(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement)!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("200.300.404", answer.ResultCode);
        var error = Assert.Single(answer.ParameterErrors);
        Assert.Equal(("amount", "92.0"), (error.Name, error.Value));
    }

    [Fact]
    public async Task A_wrong_token_gets_http_401_and_an_unconfigured_entity_a_configuration_code()
    {
        var wrongToken = simulator.Client(token: "not-the-token");
        var unknownEntity = simulator.Client(entityId: "ffffffffffffffffffffffffffffffff");

        var byToken = await wrongToken.SendInitialPaymentAsync(new InitialPaymentRequest(NewOperationId(), Debit, Eur("1.00"), Card()), Cancel);
        var byEntity = await unknownEntity.SendInitialPaymentAsync(new InitialPaymentRequest(NewOperationId(), Debit, Eur("1.00"), Card()), Cancel);

        Assert.Equal((401, "800.900.300", ResultCodeClass.InvalidRequest), (byToken.HttpStatus, byToken.Response!.ResultCode, byToken.Response.Class));
        Assert.Equal((401, "800.121.100", ResultCodeClass.InvalidRequest), (byEntity.HttpStatus, byEntity.Response!.ResultCode, byEntity.Response.Class));
    }

    [Fact]
    public async Task Concurrent_captures_on_one_pre_authorization_never_exceed_its_amount()
    {
        var pa = await _client.PayAsync(PreAuthorization, Eur("50.00"));

        var captures = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _client.OperateAsync(Capture, pa.Id!, Eur("10.00"))));

        Assert.Equal(5, captures.Count(capture => capture.IsSuccessful));
        Assert.All(captures.Where(capture => !capture.IsSuccessful), capture => Assert.Equal("700.400.100", capture.ResultCode));
    }

    [Fact]
    public async Task No_card_number_reaches_the_client_log()
    {
        await _client.PayAsync(Debit, Eur("1.00"));
        await _client.PayAsync(Debit, Eur("1.00"), card: "4000000000000002");

        Assert.NotEmpty(simulator.ClientLog);
        Assert.DoesNotContain(simulator.ClientLog, line => line.Contains(VisaTestCard, StringComparison.Ordinal) || line.Contains("4000000000000002", StringComparison.Ordinal));
        Assert.Equal("VISA 420000******0000", Card().ToString());
    }
}
