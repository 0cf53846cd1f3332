using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Demo;

/// <summary>
/// The demo's day of traffic: a fixed mix (debits, pre-authorizations, estimates for a hotel and taxi rides,
/// payouts) with amounts drawn from a seed, so every run tells the same story.
/// </summary>
public static class DemoDayPlan
{
    private static readonly string[] Brands = ["VISA", "MASTER", "AMEX"];

    public static IReadOnlyList<DemoPayment> Make(int seed)
    {
        var random = new Random(seed);
        var eur = Currency.FromCode("EUR");
        Money Amount(int minEuros, int maxEuros) => new(random.Next(minEuros * 100, (maxEuros * 100) + 1), eur);
        string Brand() => Brands[random.Next(Brands.Length)];

        var day = new List<DemoPayment>();
        for (var i = 0; i < 16; i++)
        {
            day.Add(new DemoPayment(TransactionType.Debit, Amount(5, 250), Brand(), i % 4 == 0 ? DemoStory.PartlyRefunded : DemoStory.Settles));
        }

        for (var i = 0; i < 8; i++)
        {
            day.Add(new DemoPayment(TransactionType.PreAuthorization, Amount(20, 400), Brand(), i % 2 == 0 ? DemoStory.PartlyCaptured : DemoStory.LeftToTheSweep));
        }

        // Hotel stays (PA) and taxi rides (DB) authorized on an estimate.
        day.Add(new DemoPayment(TransactionType.PreAuthorization, Amount(300, 600), "VISA", DemoStory.ClosesHigher));
        day.Add(new DemoPayment(TransactionType.PreAuthorization, Amount(300, 600), "MASTER", DemoStory.ClosesLower));
        day.Add(new DemoPayment(TransactionType.PreAuthorization, Amount(300, 600), "VISA", DemoStory.ClosesFarHigher));
        day.Add(new DemoPayment(TransactionType.Debit, Amount(15, 40), "VISA", DemoStory.ClosesHigher));
        day.Add(new DemoPayment(TransactionType.Debit, Amount(15, 40), "MASTER", DemoStory.ClosesLower));

        for (var i = 0; i < 3; i++)
        {
            day.Add(new DemoPayment(TransactionType.Credit, Amount(10, 80), "VISA", DemoStory.Settles));
        }

        return day;
    }

    /// <summary>A test card number of the brand, valid for the simulator (Luhn).</summary>
    public static string TestCardOf(string brand) => brand switch
    {
        "MASTER" => "5454545454545454",
        "AMEX" => "377777777777770",
        _ => "4200000000000000",
    };
}
