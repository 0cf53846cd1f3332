using CsCheck;
using NodaTime;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Tests.Ledger;

public sealed class LedgerPropertyTests
{
    [Fact]
    public void Random_sequences_of_operations_never_break_an_invariant_and_balances_equal_the_sum_of_the_legs()
    {
        RandomOperations.ScenarioGen.Sample(
            scenario =>
            {
                var payment = BackofficeRules.Start(new NewPayment("p", scenario.RootType, new Money(scenario.RootMinorUnits, scenario.Currency), LedgerFixtures.Start, LedgerFixtures.Success)).Value;
                var sequence = 0;
                foreach (var attempt in scenario.Attempts)
                {
                    var result = BackofficeRules.Apply(payment, RandomOperations.ToRequest(attempt, payment, sequence++), LedgerFixtures.Start + Duration.FromHours(1));
                    if (result.IsSuccess)
                    {
                        payment = payment.With(result.Value.Transaction);
                    }

                    var broken = LedgerInvariants.Broken(payment);
                    if (broken.Count > 0)
                    {
                        throw new InvalidOperationException(string.Join("; ", broken));
                    }

                    if (!LedgerInvariants.BalancesFromLegs(payment).SequenceEqual(LedgerInvariants.InMinorUnits(payment.Balances)))
                    {
                        throw new InvalidOperationException("balances differ from the sum of the legs");
                    }
                }
            },
            iter: 3_000);
    }

    [Fact]
    public void Random_sequences_reach_every_kind_of_leg()
    {
        // Guards the property above against a generator that only ever produces rejections.
        var recorded = new HashSet<TransactionType>();
        RandomOperations.ScenarioGen.Sample(
            scenario =>
            {
                var payment = BackofficeRules.Start(new NewPayment("p", scenario.RootType, new Money(scenario.RootMinorUnits, scenario.Currency), LedgerFixtures.Start, LedgerFixtures.Success)).Value;
                var sequence = 0;
                foreach (var attempt in scenario.Attempts)
                {
                    var result = BackofficeRules.Apply(payment, RandomOperations.ToRequest(attempt, payment, sequence++), LedgerFixtures.Start);
                    if (result.IsSuccess)
                    {
                        payment = payment.With(result.Value.Transaction);
                        // CsCheck samples on several threads: the set needs the lock.
                        lock (recorded)
                        {
                            recorded.Add(result.Value.Transaction.Type);
                        }
                    }
                }
            },
            iter: 2_000,
            seed: "0000000000001");

        Assert.Equal(6, recorded.Count);
    }
}
