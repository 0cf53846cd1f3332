using System.Text;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Files.Profiles;

public sealed class ProfileLoadingTests : IDisposable
{
    private const string AcmeProfile = """
        {
          "name": "acme-bank",
          "kind": "settlement",
          "delimiter": ";",
          "header": { "skipLines": 1, "columns": [ "Ref", "Kind", "Amount (minor)", "DC", "Ccy", "Value Date", "Payout" ] },
          "trailerPrefixes": [ "TOTAL" ],
          "type": { "column": "Kind", "map": { "SALE": "SETTLED", "RFND": "REFUNDED" }, "ignore": [ "INFO" ] },
          "columns": { "batch_id": "Payout", "merchant_transaction_id": "Order" },
          "lineKey": [ "Payout", "Ref" ],
          "amounts": { "gross": { "column": "Amount (minor)", "currency": "Ccy", "minorUnits": true, "directionColumn": "DC" } },
          "dates": { "settlement_date": { "column": "Value Date", "formats": [ "dd.MM.uuuu" ] } }
        }
        """;

    private const string AcmeReport = "ACME BANK statement 2026-11-24\n"
        + "Ref;Kind;Order;Amount (minor);DC;Ccy;Value Date;Payout\n"
        + "r1;SALE;ORD-1;1250;CR;EUR;24.11.2026;P9\n"
        + "r2;RFND;ORD-2;500;DR;EUR;24.11.2026;P9\n"
        + "r3;INFO;;0;CR;EUR;24.11.2026;P9\n"
        + "r4;SALE;ORD-4;100;XX;EUR;24.11.2026;P9\n"
        + "TOTAL;3\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("settlement-profiles-").FullName;

    [Fact]
    public async Task A_user_profile_dropped_in_the_profiles_folder_is_recognised_and_read_without_code()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "acme.json"), AcmeProfile, TestContext.Current.CancellationToken);
        var profiles = FormatProfiles.Load(_folder);
        Assert.Empty(profiles.Unloadable);

        var report = await SampleReports.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(AcmeReport)), profiles.All);

        Assert.Equal((FileKind.Settlement, "acme-bank"), (report.Kind, report.Source));
        Assert.Equal((2, 1L, 1), report.Counts);
        var sale = report.Settlement.First();
        Assert.Equal(("P9|r1", "ORD-1", new Money(1250, Currency.Eur), SettlementRecordType.Settled), (sale.LineId, sale.MerchantTransactionId, sale.Gross, sale.RecordType));
        Assert.Equal((SettlementRecordType.Refunded, new Money(500, Currency.Eur)), (report.Settlement.Last().RecordType, report.Settlement.Last().Gross));
        Assert.Equal((6L, "DC"), (report.Errors.Single().LineNumber, report.Errors.Single().Column));
    }

    [Fact]
    public async Task A_card_number_in_a_profiled_report_is_masked_before_it_leaves_the_reader()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "acme.json"), AcmeProfile, TestContext.Current.CancellationToken);

        var report = await SampleReports.ReadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(AcmeReport.Replace("ORD-1", "4111111111111111", StringComparison.Ordinal))),
            FormatProfiles.Load(_folder).All);

        Assert.Equal("411111******1111", report.Settlement.First().MerchantTransactionId);
    }

    [Fact]
    public async Task A_report_no_profile_knows_is_rejected_as_fitting_no_format()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Foo,Bar\n1,2\n"));

        var opened = await AcquirerFileReader.OpenAsync(stream, FormatProfiles.Shipped().All, TestContext.Current.CancellationToken);

        Assert.Equal(FileRejectionReason.UnknownHeader, opened.Error.Reason);
    }

    [Fact]
    public async Task A_profile_with_an_unknown_canonical_type_is_refused_naming_the_file_and_the_field()
    {
        var path = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(path, AcmeProfile.Replace("\"RFND\": \"REFUNDED\"", "\"RFND\": \"REFUND\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var error = Assert.Single(Assert.Single(FormatProfiles.Load(_folder).Unloadable).Errors);

        Assert.Equal((path, "$.type.map.RFND"), (error.Origin, error.Field));
        Assert.Contains("'REFUND' is not one of SETTLED, REFUNDED", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_field_in_a_profile_is_refused_rather_than_ignored()
    {
        var path = Path.Combine(_folder, "typo.json");
        await File.WriteAllTextAsync(path, AcmeProfile.Replace("\"trailerPrefixes\"", "\"trailerPrefix\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var error = Assert.Single(Assert.Single(FormatProfiles.Load(_folder).Unloadable).Errors);

        Assert.Equal((path, "$.trailerPrefix"), (error.Origin, error.Field));
    }

    [Fact]
    public async Task A_profile_that_is_not_json_is_refused_naming_the_file()
    {
        var path = Path.Combine(_folder, "garbage.json");
        await File.WriteAllTextAsync(path, "{ \"name\": ", TestContext.Current.CancellationToken);

        var error = Assert.Single(Assert.Single(FormatProfiles.Load(_folder).Unloadable).Errors);

        Assert.Equal(path, error.Origin);
    }

    [Fact]
    public void Every_shipped_profile_loads()
    {
        var shipped = FormatProfileLoader.LoadShipped();

        Assert.All(shipped, result => Assert.True(result.IsSuccess, result.IsFailure ? result.Error.ToString() : null));
        Assert.Equal(
            [
                "adyen-dispute-report", "adyen-payments-accounting-disputes", "adyen-sdr", "amex-grrcn", "braintree-transactions", "checkoutcom-payouts",
                "checkoutcom-settlement-breakdown", "dlocal-chargebacks", "dlocal-settlement", "jpm-dispute-details", "jpm-dispute-details-preset", "jpm-pde-17",
                "jpm-settlement-details", "paypal-stl", "paypal-trr", "stripe-balance", "stripe-disputes", "stripe-payout-reconciliation",
            ],
            shipped.Select(result => result.Value.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_canonical_file_still_opens_as_canonical_through_the_same_entry_point()
    {
        var canonical = "line_id,settlement_date,batch_id,record_type,payment_id,gross_amount,transaction_currency\nL1,2026-11-24,B1,SETTLED,pay-1,10.00,EUR\n";

        var report = await SampleReports.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(canonical)), FormatProfiles.Shipped().All);

        Assert.Equal((FileKind.Settlement, CanonicalFormats.Source, 1), (report.Kind, report.Source, report.Lines.Count));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
