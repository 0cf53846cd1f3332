using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Demo;

/// <summary>One payment of the demo day, as a shopper's checkout makes it, and what the merchant does next.</summary>
/// <param name="Type">PA, DB or CD.</param>
/// <param name="Amount">What was authorized or paid.</param>
/// <param name="Brand">The card's brand.</param>
/// <param name="Story">What happens to it later in the day.</param>
public sealed record DemoPayment(TransactionType Type, Money Amount, string Brand, DemoStory Story);

/// <summary>What the demo does with a payment after it is made.</summary>
public enum DemoStory
{
    /// <summary>Nothing: it settles as it is.</summary>
    Settles,

    /// <summary>The merchant refunds part of it.</summary>
    PartlyRefunded,

    /// <summary>The merchant captures part of it at once; the rest is left to the capture sweep.</summary>
    PartlyCaptured,

    /// <summary>Left open: the capture sweep captures it before it expires.</summary>
    LeftToTheSweep,

    /// <summary>An estimate: a final amount above it arrives (rebill).</summary>
    ClosesHigher,

    /// <summary>An estimate: a final amount far above it arrives (a rebill over the cap, waiting for approval).</summary>
    ClosesFarHigher,

    /// <summary>An estimate: a final amount below it arrives (partial capture and release, or a refund).</summary>
    ClosesLower,
}
