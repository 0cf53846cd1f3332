using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Database;

namespace Settlement.Tests.Matching;

/// <summary>
/// Explanations are formatted in SQL (recon.amount_text), with a copy of the exponents of Monetary/Iso4217Table.cs.
/// The copy must not drift from the table.
/// </summary>
public sealed class CurrencyExponentFunctionTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task The_database_knows_the_exponent_of_every_ISO_4217_currency()
    {
        var codes = Currency.All.Select(currency => currency.Code).ToArray();
        await using var command = database.DataSource.CreateCommand(
            "SELECT code, recon.currency_exponent(code::char(3)), recon.amount_text(123456, code::char(3)) FROM unnest(@codes) AS code");
        command.Parameters.AddWithValue("codes", codes);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var checkedCodes = 0;
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var currency = Currency.FromCode(reader.GetString(0));
            Assert.Equal((currency.Code, currency.Exponent), (currency.Code, reader.GetInt32(1)));
            Assert.Equal(new Money(123456, currency).ToString(), reader.GetString(2));
            checkedCodes++;
        }

        Assert.Equal(codes.Length, checkedCodes);
    }
}
