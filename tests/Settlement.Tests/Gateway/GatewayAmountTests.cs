using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Monetary;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Gateway.GatewayCalls;

namespace Settlement.Tests.Gateway;

public sealed class GatewayAmountTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("92.00", "EUR", "92.00")]
    [InlineData("92", "EUR", "92.00")]
    [InlineData("0.05", "EUR", "0.05")]
    [InlineData("500", "JPY", "500")]
    [InlineData("999999999999.99", "USD", "999999999999.99")]
    public void Amounts_are_written_with_the_decimals_of_their_currency(string amount, string currency, string expected)
    {
        var money = Money.Parse(amount, currency).Value;

        Assert.Equal(expected, GatewayAmount.Format(money).Value);
    }

    [Theory]
    [InlineData("BHD")]
    [InlineData("KWD")]
    public void Exponent_3_currencies_are_refused_with_a_reason(string currency)
    {
        var result = GatewayAmount.Format(Money.Parse("1.250", currency).Value);

        Assert.True(result.IsFailure);
        Assert.Contains($"{currency} has 3 decimals", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yen_payment_travels_without_decimals_and_comes_back_equal()
    {
        var client = simulator.Client();

        var debit = await client.PayAsync(Debit, Money.Parse("1500", Currency.Jpy).Value);

        Assert.Equal(Money.Parse("1500", Currency.Jpy).Value, debit.Amount);
    }

    [Fact]
    public async Task A_bhd_payment_is_refused_by_the_client_and_never_reaches_the_gateway()
    {
        var client = simulator.Client();
        var operationId = NewOperationId();

        var outcome = await client.SendInitialPaymentAsync(new InitialPaymentRequest(operationId, Debit, Money.Parse("10.500", Currency.Bhd).Value, Card()), Cancel);
        var found = await client.QueryByMerchantTransactionIdAsync(operationId, Cancel);

        Assert.Equal(GatewayOutcomeKind.Refused, outcome.Kind);
        Assert.Contains("BHD", outcome.Failure, StringComparison.Ordinal);
        Assert.Empty(found.Transactions);
    }
}
