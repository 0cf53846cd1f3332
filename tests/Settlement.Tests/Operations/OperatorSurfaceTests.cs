using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Settlement.Reconciliation.Operations;
using Settlement.Worker.Commands;
using Settlement.Worker.Operations;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Operations;

/// <summary>The command line, the HTTP API and the dashboard of the running worker.</summary>
[Collection(OperationsHostGroup.Name)]
public sealed class OperatorSurfaceTests(OperationsHost host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.WorkerAddress };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("unknown", "20.00", "EUR", "ReferenceNotFound")]
    [InlineData("debit", "80.01", "EUR", "RefundExceedsRefundable")]
    [InlineData("debit", "10.00", "USD", "CurrencyMismatch")]
    public async Task A_bad_op_request_exits_1_with_one_line_naming_the_rule_and_creates_nothing(string on, string amount, string currency, string rule)
    {
        var db = await host.PaymentAsync(Debit, Eur("80.00"));
        var referenced = on == "debit" ? db : "0123456789abcdef0123456789abcdef";
        var before = await CountsAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await host.CommandRunner.RunAsync(new OpRequestCommand(Refund, referenced, amount, currency, null), output, error, CancellationToken.None);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("settlement: ", line, StringComparison.Ordinal);
        Assert.Contains(rule, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_accepted_op_request_exits_0_and_names_the_operation_and_its_queue()
    {
        var db = await host.PaymentAsync(Debit, Eur("10.00"));
        using var output = new StringWriter();

        var exit = await host.CommandRunner.RunAsync(new OpRequestCommand(Refund, db, "4.00", "EUR", null), output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        var id = output.ToString().Split(' ', ':')[1];
        Assert.True(OperationIds.IsValid(id), output.ToString());
        Assert.Contains("queued on refund", output.ToString(), StringComparison.Ordinal);
        await host.WaitForSuccessAsync(id);
    }

    [Fact]
    public async Task Op_list_failed_json_lists_only_operations_a_person_must_act_on()
    {
        using var output = new StringWriter();

        var exit = await host.CommandRunner.RunAsync(new OpListCommand(FailedOnly: true, Json: true), output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        var listed = JsonNode.Parse(output.ToString())!.AsArray();
        Assert.All(listed, item => Assert.True(item!["status"]!.GetValue<string>() is "failed" or "needs-review"));
    }

    [Fact]
    public async Task The_api_refuses_a_request_without_the_key()
    {
        var response = await _http.PostAsJsonAsync("/api/operations", new { kind = "payout", amount = "1.00", currency = "EUR" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_api_answers_a_broken_rule_with_problem_json_naming_it_and_creates_nothing()
    {
        var db = await host.PaymentAsync(Debit, Eur("30.00"));
        var before = await CountsAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/operations", new { kind = "refund", referencedId = db, amount = "30.01", currency = "EUR" });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("RefundExceedsRefundable", problem["rule"]!.GetValue<string>());
        Assert.Contains("refundable 30.00 EUR", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_api_accepts_an_operation_which_the_worker_then_executes()
    {
        var pa = await host.PaymentAsync(PreAuthorization, Eur("15.00"));

        var response = await SendAsync(HttpMethod.Post, "/api/operations", new { kind = "capture", referencedId = pa, amount = "15.00", currency = "EUR" });
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var done = await host.WaitForSuccessAsync(accepted["id"]!.GetValue<string>());
        var read = JsonNode.Parse(await (await SendAsync(HttpMethod.Get, $"/api/operations/{done.Id}", null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("succeeded", done.GatewayTransactionId), (read["status"]!.GetValue<string>(), read["gatewayTransactionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_dashboard_opens_for_a_local_request_and_hides_the_connection_string()
    {
        var page = await _http.GetStringAsync("/hangfire", TestContext.Current.CancellationToken);

        Assert.Contains("Settlement operations", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1:", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_refuses_an_anonymous_request_forwarded_by_a_proxy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(ApiOptions.KeyHeader, OperationsHost.ApiKey);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<(long Operations, long Jobs)> CountsAsync() =>
        (await host.ScalarAsync<long>("SELECT count(*) FROM operations.operations"), await host.ScalarAsync<long>("SELECT count(*) FROM hangfire.job"));
}
