using System.Text;
using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

public sealed class LineErrorReportTests
{
    [Fact]
    public void The_report_is_named_after_the_file()
    {
        Assert.Equal("settlement-2026-11-20.errors.csv", LineErrorReport.FileNameFor("settlement-2026-11-20.csv"));
    }

    [Fact]
    public async Task The_report_has_line_column_value_and_reason_with_formula_values_neutralised_and_card_numbers_masked()
    {
        var csv = CanonicalCsv.SettlementHeader + "\n"
            + "L1,2026-11-20,B,=cmd|'/C calc'!A0,P-1,,,1.00,EUR,,,,\n"
            + "L2,2026-11-20,B,SETTLED,P-2,,,-3+4,EUR,,,,\n"
            + "L3,2026-11-20,B,SETTLED,P-3,,,1.00,4111111111111111,,,,\n";
        var outcome = await CanonicalCsv.ReadAsync(csv);
        using var destination = new MemoryStream();

        await using (var report = LineErrorReport.Create(destination, leaveOpen: true))
        {
            foreach (var error in outcome.Errors)
            {
                await report.AddAsync(error, TestContext.Current.CancellationToken);
            }

            Assert.Equal(3, report.Count);
        }

        var lines = Encoding.UTF8.GetString(destination.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,column,value,reason", lines[0]);
        Assert.StartsWith("2,record_type,'=cmd|'/C calc'!A0,\"record_type '=cmd", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("3,gross_amount,'-3+4,amount '-3+4'", lines[2], StringComparison.Ordinal);
        Assert.Equal("4,transaction_currency,411111******1111,unknown currency '411111******1111'", lines[3]);
    }

    [Fact]
    public void Values_are_masked_and_guarded_even_when_an_error_was_built_without_masking()
    {
        var writer = new StringWriter();
        using (var report = LineErrorReport.Create(writer))
        {
            report.Add(new LineError(7, "@column", "4111111111111111", "+reason"));
        }

        Assert.Equal("line,column,value,reason\n7,'@column,411111******1111,'+reason\n", writer.ToString());
    }
}
