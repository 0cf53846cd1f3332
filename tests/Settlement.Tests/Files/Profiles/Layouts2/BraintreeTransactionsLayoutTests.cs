using NodaTime;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Tests.Files.Profiles.Layouts2;

public sealed class BraintreeTransactionsLayoutTests
{
    private const string Export = "braintree-transactions-2026-11-24.csv";

    [Fact]
    public async Task A_transaction_search_export_reads_sales_refunds_and_a_detached_credit_as_ledger_transactions()
    {
        var report = await LayoutFixtures.ReadAsync(Export);

        Assert.Equal((FileKind.Transactions, "braintree-transactions"), (report.Kind, report.Source));
        Assert.Equal((6, 2L, 1), report.Counts);
        Assert.Equal(
            [
                ("k7m2q9xa", TransactionType.Debit), ("r3t8w1pz", TransactionType.Debit), ("b9c4e6hd", TransactionType.Debit),
                ("f2g6j8kl", TransactionType.Refund), ("w5x9y3za", TransactionType.Debit), ("c6d0e4fg", TransactionType.Credit),
            ],
            Transactions(report).Select(line => (line.PaymentId, line.Type)));
    }

    [Fact]
    public async Task Money_that_moved_gets_the_success_code_and_a_refusal_a_decline_code()
    {
        var report = await LayoutFixtures.ReadAsync(Export);

        Assert.Equal(
            [ResultCodeClass.Success, ResultCodeClass.Success, ResultCodeClass.Declined, ResultCodeClass.Success, ResultCodeClass.Declined, ResultCodeClass.Success],
            Transactions(report).Select(line => ResultCodeClassifier.Classify(line.ResultCode)));
    }

    [Fact]
    public async Task A_sale_keeps_its_amount_card_and_order_and_a_refund_names_the_sale_it_refunds()
    {
        var report = await LayoutFixtures.ReadAsync(Export);

        var sale = Transactions(report).First();
        Assert.Equal((new Money(4999, Currency.Usd), Instant.FromUtc(2026, 11, 21, 9, 14, 3), "NW-7001"), (sale.Amount, sale.Timestamp, sale.MerchantTransactionId));
        Assert.Equal(("VISA", "455673", "0134"), (sale.CardBrand, sale.CardBin, sale.CardLast4));
        var refund = Transactions(report).ElementAt(3);
        Assert.Equal(("k7m2q9xa", new Money(2000, Currency.Usd)), (refund.ReferencedId, refund.Amount));
        Assert.Equal((new Money(1500, Currency.Usd), "MASTER"), (Transactions(report).ElementAt(2).Amount, Transactions(report).ElementAt(1).CardBrand));
        var credit = Transactions(report).Last();
        Assert.Equal(((string?)null, new Money(4000, Currency.Eur)), (credit.ReferencedId, credit.Amount));
    }

    [Fact]
    public async Task A_status_the_profile_does_not_know_is_a_line_error_never_a_guessed_success()
    {
        var report = await LayoutFixtures.ReadAsync(Export);

        var error = Assert.Single(report.Errors);
        Assert.Equal((10L, "Transaction Status"), (error.LineNumber, error.Column));
    }

    private static IEnumerable<TransactionLine> Transactions(ReadReport report) => report.Lines.Cast<TransactionLine>();
}
