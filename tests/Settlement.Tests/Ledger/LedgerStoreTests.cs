using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;
using Settlement.Tests.Database;
using static Settlement.Reconciliation.Ledger.TransactionType;
using static Settlement.Tests.Ledger.LedgerFixtures;

namespace Settlement.Tests.Ledger;

public sealed class LedgerStoreTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    private static readonly AuditActor Operator = AuditActor.Operator("alice", "customer asked for it");

    private readonly FakeClock _clock = new(Start + Duration.FromHours(2));

    private LedgerStore Store => new(database.DataSource, _clock, NullLogger<LedgerStore>.Instance);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_recorded_leg_updates_the_stored_balances_and_leaves_an_audit_row()
    {
        var id = NewId("pa");
        await StartAsync(id, PreAuthorization, Eur("100.00"));

        var capture = await Store.ApplyAsync(Operation(Capture, id + "-cp", id, Eur("40.00")), Operator, Cancel);

        Assert.True(capture.IsSuccess);
        var stored = await StoredBalancesAsync(id);
        Assert.Equal([10_000, 4_000, 6_000, 0, 0, 0, 0, 0, 0], stored);
        Assert.Equal(stored, await BalancesFromLegsAsync(id));
        var trail = await Store.AuditTrailAsync(id, Cancel);
        Assert.Collection(
            trail,
            started => Assert.Equal("payment.recorded", started.Action),
            leg =>
            {
                Assert.Equal("leg.recorded", leg.Action);
                Assert.Equal(ActorKind.Operator, leg.ActorKind);
                Assert.Equal("alice", leg.Actor);
                Assert.Equal("customer asked for it", leg.Reason);
                Assert.Equal(id + "-cp", leg.TransactionId);
                Assert.Equal(_clock.GetCurrentInstant(), leg.OccurredAt);
                Assert.Contains("\"amount\": \"40.00\"", leg.DetailsJson, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task A_rejected_operation_changes_nothing_and_says_which_rule_it_breaks()
    {
        var id = NewId("db");
        await StartAsync(id, Debit, Eur("20.00"));

        var refund = await Store.ApplyAsync(Operation(Refund, id + "-rf", id, Eur("30.00")), Operator, Cancel);

        Assert.Equal(LedgerRule.RefundExceedsRefundable, refund.Error.Rule);
        Assert.Equal($"refund 30.00 EUR exceeds refundable 20.00 EUR on {id}", refund.Error.Message);
        Assert.Single(await Store.AuditTrailAsync(id, Cancel));
        Assert.Equal(0, (await StoredBalancesAsync(id))[4]);
    }

    [Fact]
    public async Task An_operation_on_an_unknown_transaction_is_rejected()
    {
        var result = await Store.ApplyAsync(Operation(Refund, NewId("rf"), "no-such-id", Eur("1.00")), Operator, Cancel);

        Assert.Equal(LedgerRule.ReferenceNotFound, result.Error.Rule);
        Assert.Equal("no-such-id is not a known transaction", result.Error.Message);
    }

    [Fact]
    public async Task The_same_operation_recorded_twice_counts_once()
    {
        var id = NewId("db");
        await StartAsync(id, Debit, Eur("20.00"));
        var refund = Operation(Refund, id + "-rf", id, Eur("5.00"));

        var first = await Store.ApplyAsync(refund, Operator, Cancel);
        var second = await Store.ApplyAsync(refund, Operator, Cancel);

        Assert.False(first.Value.AlreadyRecorded);
        Assert.True(second.Value.AlreadyRecorded);
        Assert.Equal(500, (await StoredBalancesAsync(id))[4]);
        Assert.Equal(2, (await Store.AuditTrailAsync(id, Cancel)).Count);
    }

    [Fact]
    public async Task The_same_payment_recorded_twice_counts_once()
    {
        var id = NewId("db");
        var payment = new NewPayment(id, Debit, Eur("20.00"), Start, Success);

        await Store.StartPaymentAsync(payment, Operator, Cancel);
        var again = await Store.StartPaymentAsync(payment, Operator, Cancel);

        Assert.True(again.Value.AlreadyRecorded);
        Assert.Single(await Store.AuditTrailAsync(id, Cancel));
    }

    [Fact]
    public async Task A_transaction_id_reused_for_another_operation_is_rejected()
    {
        var id = NewId("db");
        await StartAsync(id, Debit, Eur("20.00"));
        await Store.ApplyAsync(Operation(Refund, id + "-x", id, Eur("5.00")), Operator, Cancel);

        var reused = await Store.ApplyAsync(Operation(Refund, id + "-x", id, Eur("6.00")), Operator, Cancel);

        Assert.Equal(LedgerRule.TransactionIdReusedWithOtherContent, reused.Error.Rule);
        Assert.Equal(500, (await StoredBalancesAsync(id))[4]);
    }

    [Fact]
    public async Task Capture_after_the_stored_expiry_is_rejected_by_the_clock()
    {
        var id = NewId("pa");
        await Store.StartPaymentAsync(
            new NewPayment(id, PreAuthorization, Eur("10.00"), Start, Success, Details: new PaymentDetails { ExpiresAt = Start + Duration.FromDays(7) }),
            Operator,
            Cancel);
        _clock.Reset(Start + Duration.FromDays(7));

        var capture = await Store.ApplyAsync(Operation(Capture, id + "-cp", id, Eur("10.00")), Operator, Cancel);

        Assert.Equal(LedgerRule.CaptureAfterExpiry, capture.Error.Rule);
    }

    [Fact]
    public async Task Fifty_parallel_partial_refunds_never_exceed_the_captured_amount()
    {
        var id = NewId("db");
        await StartAsync(id, Debit, Eur("100.00"));

        // 50 refunds of 3.00 EUR = 150.00 EUR against 100.00 EUR: exactly 33 fit (99.00 EUR).
        var refunds = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => Store.ApplyAsync(Operation(Refund, $"{id}-rf{i}", id, Eur("3.00")), Operator, Cancel), Cancel))
            .ToArray();
        var results = await Task.WhenAll(refunds);

        Assert.Equal(33, results.Count(result => result.IsSuccess));
        Assert.All(results.Where(result => result.IsFailure), result => Assert.Equal(LedgerRule.RefundExceedsRefundable, result.Error.Rule));
        var stored = await StoredBalancesAsync(id);
        Assert.Equal(9_900, stored[4]);
        Assert.Equal(stored, await BalancesFromLegsAsync(id));
    }

    [Fact]
    public async Task Parallel_captures_and_a_reversal_never_capture_after_the_reversal()
    {
        var id = NewId("pa");
        await StartAsync(id, PreAuthorization, Eur("100.00"));

        var operations = Enumerable.Range(0, 20)
            .Select(i => i == 10
                ? Operation(Reversal, $"{id}-rv", id, null)
                : Operation(Capture, $"{id}-cp{i}", id, Eur("10.00")))
            .Select(request => Task.Run(() => Store.ApplyAsync(request, Operator, Cancel), Cancel))
            .ToArray();
        await Task.WhenAll(operations);

        var payment = await Store.FindPaymentAsync(id, Cancel);
        Assert.NotNull(payment);
        Assert.Empty(LedgerInvariants.Broken(payment));
        Assert.Equal(LedgerInvariants.BalancesFromLegs(payment), await StoredBalancesAsync(id));
        Assert.True(payment.Balances.Open.IsZero, "the reversal or the captures took everything");
    }

    [Fact]
    public async Task Random_operation_sequences_through_the_database_keep_every_invariant()
    {
        var scenarios = RandomOperations.ScenarioGen.List[25].Single();
        foreach (var scenario in scenarios)
        {
            var id = NewId("p");
            await StartAsync(id, scenario.RootType, new Money(scenario.RootMinorUnits, scenario.Currency));
            var sequence = 0;
            foreach (var attempt in scenario.Attempts)
            {
                var payment = (await Store.FindPaymentAsync(id, Cancel))!;
                await Store.ApplyAsync(RandomOperations.ToRequest(attempt, payment, sequence++), AuditActor.Rule("property-test", scenario.ToString()), Cancel);
            }

            var final = (await Store.FindPaymentAsync(id, Cancel))!;
            Assert.True(LedgerInvariants.Broken(final).Count == 0, $"{scenario}: {string.Join("; ", LedgerInvariants.Broken(final))}");
            Assert.Equal(LedgerInvariants.BalancesFromLegs(final), await StoredBalancesAsync(id));
            Assert.Equal(await StoredBalancesAsync(id), await BalancesFromLegsAsync(id));
        }
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task StartAsync(string id, TransactionType type, Money amount)
    {
        var started = await Store.StartPaymentAsync(new NewPayment(id, type, amount, Start, Success), Operator, Cancel);
        Assert.True(started.IsSuccess, started.IsFailure ? started.Error.Message : null);
    }

    private Task<long[]> StoredBalancesAsync(string paymentId) => BalancesAsync("ledger.payments", paymentId);

    private Task<long[]> BalancesFromLegsAsync(string paymentId) => BalancesAsync("ledger.payment_balances_from_legs", paymentId);

    private async Task<long[]> BalancesAsync(string relation, string paymentId)
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            SELECT authorized_minor, captured_minor, open_minor, reversed_minor, refunded_minor, charged_back_minor,
                   chargeback_reversed_minor, rebilled_minor, paid_out_minor
            FROM {relation} WHERE payment_id = @id
            """);
        command.Parameters.AddWithValue("id", paymentId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel), $"no row for {paymentId} in {relation}");
        return Enumerable.Range(0, 9).Select(reader.GetInt64).ToArray();
    }
}
