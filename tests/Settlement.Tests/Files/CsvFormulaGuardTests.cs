using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

public sealed class CsvFormulaGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    public void A_value_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(string value, string neutralised) =>
        Assert.Equal(neutralised, CsvFormulaGuard.Neutralise(value));

    [Theory]
    [InlineData("P-1")]
    [InlineData("")]
    [InlineData("12.50")]
    public void Other_values_are_written_as_they_are(string value) =>
        Assert.Same(value, CsvFormulaGuard.Neutralise(value));
}
