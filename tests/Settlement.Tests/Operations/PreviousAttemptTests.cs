using NodaTime;
using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Operations;

namespace Settlement.Tests.Operations;

/// <summary>What the query API's answer means for an operation about to be attempted again.</summary>
public sealed class PreviousAttemptTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 20, 14, 0);

    [Fact]
    public void Nothing_found_means_nothing_executed_so_it_may_send() =>
        Assert.True(PreviousAttempt.Resolve(Operation(answersSeen: 0), []).MaySend);

    [Fact]
    public void A_success_under_the_operation_id_is_adopted_whatever_else_is_there()
    {
        var success = Answer("b", "000.100.110", 2);

        var previous = PreviousAttempt.Resolve(Operation(answersSeen: 1), [Answer("a", "800.100.203", 1), success]);

        Assert.Same(success, previous.Adopted);
    }

    [Fact]
    public void A_decline_we_never_heard_of_is_the_lost_attempt_answer_and_is_adopted()
    {
        var decline = Answer("a", "800.100.203", 1);

        Assert.Same(decline, PreviousAttempt.Resolve(Operation(answersSeen: 0), [decline]).Adopted);
    }

    [Fact]
    public void A_decline_already_answered_to_us_does_not_stop_a_retry_by_a_person() =>
        Assert.True(PreviousAttempt.Resolve(Operation(answersSeen: 1), [Answer("a", "800.100.203", 1)]).MaySend);

    [Fact]
    public void A_transient_answer_is_no_execution() =>
        Assert.True(PreviousAttempt.Resolve(Operation(answersSeen: 0), [Answer(null, "900.100.300", 1)]).MaySend);

    private static Operation Operation(int answersSeen) => new()
    {
        Id = OperationIds.New(),
        Kind = TransactionType.Refund,
        ReferencedId = "db1",
        Currency = Currency.Eur,
        Amount = new Money(1000, Currency.Eur),
        Attempts = answersSeen + 1,
        AnswersSeen = answersSeen,
        RequestedBy = AuditActor.Operator("jane", "test"),
        CreatedAt = At,
        UpdatedAt = At,
    };

    private static GatewayResponse Answer(string? id, string code, int minute) => new()
    {
        Id = id is null ? null : id.PadRight(32, '0'),
        ResultCode = code,
        Timestamp = At + Duration.FromMinutes(minute),
    };
}
