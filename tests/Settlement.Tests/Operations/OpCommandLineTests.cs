using Settlement.Worker.Commands;
using static Settlement.Reconciliation.Ledger.TransactionType;

namespace Settlement.Tests.Operations;

/// <summary>How <c>op …</c> reads its arguments.</summary>
public sealed class OpCommandLineTests
{
    [Fact]
    public void A_refund_with_amount_currency_and_a_setting_is_read_apart_from_the_setting()
    {
        var (command, settings) = CommandLine.Parse(["op", "refund", "abc", "12.50", "EUR", "--Settlement:DataDirectory=/srv"]);

        Assert.Equal(new OpRequestCommand(Refund, "abc", "12.50", "EUR", null), command);
        Assert.Equal(["--Settlement:DataDirectory=/srv"], settings);
    }

    [Theory]
    [InlineData("--reason-code", "10.4")]
    [InlineData("--reason-code=10.4", null)]
    public void A_chargeback_reason_code_is_read_in_either_spelling(string option, string? value)
    {
        string[] args = value is null ? ["op", "chargeback", "abc", option] : ["op", "chargeback", "abc", option, value];

        var (command, settings) = CommandLine.Parse(args);

        Assert.Equal(new OpRequestCommand(Chargeback, "abc", null, null, "10.4"), command);
        Assert.Empty(settings);
    }

    [Fact]
    public void Reverse_payout_list_and_retry_are_read()
    {
        Assert.Equal(new OpRequestCommand(Reversal, "abc", null, null, null), CommandLine.Parse(["op", "reverse", "abc"]).Command);
        Assert.Equal(new OpRequestCommand(Credit, null, "5.00", "EUR", null), CommandLine.Parse(["op", "payout", "5.00", "EUR"]).Command);
        Assert.Equal(new OpListCommand(true, true), CommandLine.Parse(["op", "list", "--failed", "--json"]).Command);
        Assert.Equal(new OpRetryCommand("abc"), CommandLine.Parse(["op", "retry", "abc"]).Command);
    }

    [Fact]
    public void Approve_is_read_with_who_approves()
    {
        Assert.Equal(new OpApproveCommand("abc", "jane"), CommandLine.Parse(["op", "approve", "abc", "--by", "jane"]).Command);
        Assert.Equal(new OpApproveCommand("abc", "jane"), CommandLine.Parse(["op", "approve", "--by", "jane", "abc"]).Command);
    }

    [Theory]
    [InlineData("op")]
    [InlineData("op refund")]
    [InlineData("op refund abc 12.50")]
    [InlineData("op teleport abc")]
    [InlineData("op payout abc")]
    [InlineData("op retry")]
    [InlineData("op approve")]
    [InlineData("op approve abc def")]
    [InlineData("op list --everything")]
    [InlineData("op refund abc --bogus")]
    public void A_malformed_op_command_is_a_one_line_usage_error(string line)
    {
        var (command, _) = CommandLine.Parse(line.Split(' '));

        var error = Assert.IsType<UsageError>(command);
        Assert.DoesNotContain('\n', error.Message);
    }
}
