using System.CommandLine;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Operations;

namespace Settlement.Worker.Commands;

/// <summary><c>op &lt;kind&gt; &lt;referenced-id&gt; [&lt;amount&gt; &lt;currency&gt;] [--reason-code X]</c> (a payout has no referenced id).</summary>
public sealed record OpRequestCommand(TransactionType Kind, string? ReferencedId, string? Amount, string? Currency, string? ReasonCode) : OpCommand
{
    /// <summary>The subcommand of one operation kind, named as operators say it (<see cref="OperationKinds.CommandOf"/>).</summary>
    public static Verb Define(TransactionType kind) => kind == TransactionType.Credit ? DefinePayout() : DefineOn(kind);

    private static Verb DefineOn(TransactionType kind)
    {
        var (idName, idDescription, description, example, exampleSays) = kind switch
        {
            TransactionType.Capture => ("pa-id", "The pre-authorization.", "Captures a pre-authorization: the amount given, or all that is still open.", "8ac7a4a2 80.00 EUR", "capture 80.00 EUR of a pre-authorization"),
            TransactionType.Reversal => ("pa-id", "The pre-authorization.", "Reverses a pre-authorization: releases all that is still open.", "8ac7a4a2", "release what a pre-authorization still holds"),
            TransactionType.Refund => ("leg-id", "The debit, capture or rebill.", "Refunds a debit, capture or rebill: the amount given, or all that can still be refunded.", "8ac7a4a2 12.50 EUR", "refund 12.50 EUR of a debit"),
            TransactionType.Rebill => ("payment-id", "The debit or pre-authorization.", "Charges more on a debit or pre-authorization; above the rebill cap it waits for 'op approve'.", "8ac7a4a2 20.00 EUR", "charge 20.00 EUR more"),
            TransactionType.Chargeback => ("leg-id", "The debit, capture or rebill.", "Records a chargeback on a leg and sends it to the gateway: the amount given, or the whole leg.", "8ac7a4a2 --reason-code 10.4", "a Visa fraud chargeback on the whole debit"),
            TransactionType.ChargebackReversal => ("cb-id", "The chargeback.", "Reverses a chargeback, always for its full amount.", "8ac7b0c1", "reverse a chargeback the merchant won"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an operation on a referenced transaction."),
        };
        var referenced = new Argument<string>(idName) { Description = idDescription };
        var amount = new Argument<string?>("amount") { Description = "In major units with the currency's decimals (12.50, 1500 for JPY).", Arity = ArgumentArity.ZeroOrOne };
        var currency = new Argument<string?>("currency") { Description = "The ISO 4217 code, given with the amount.", Arity = ArgumentArity.ZeroOrOne };
        var reasonCode = new Option<string?>("--reason-code") { Description = "The scheme's reason code of a chargeback (10.4, 4853).", HelpName = "CODE" };
        var word = OperationKinds.CommandOf(kind);
        var verb = new Verb(
            word,
            description,
            parse => new OpRequestCommand(kind, parse.GetRequiredValue(referenced), parse.GetValue(amount), parse.GetValue(currency), parse.GetValue(reasonCode)))
        {
            Arguments = { referenced, amount, currency },
            Options = { reasonCode },
            Examples = { new($"settlement op {word} {example}", exampleSays) },
        };
        // First: "--bogus" taken for an amount is a typo, not a missing currency.
        SharedOptions.RejectUnknownOptions(verb);
        verb.Validators.Add(result =>
        {
            if (result.GetValue(amount) is not null && result.GetValue(currency) is null)
            {
                result.AddError("give the currency after the amount, e.g. 12.50 EUR");
            }
        });
        AddExitCodes(verb, "queued: one line names the operation and its queue");
        return verb;
    }

    private static Verb DefinePayout()
    {
        var amount = new Argument<string>("amount") { Description = "In major units with the currency's decimals." };
        var currency = new Argument<string>("currency") { Description = "The ISO 4217 code." };
        var verb = new Verb(
            OperationKinds.CommandOf(TransactionType.Credit),
            "Pays out to the card of Settlement:Operations:PayoutCard (by default the simulator's test card).",
            parse => new OpRequestCommand(TransactionType.Credit, null, parse.GetRequiredValue(amount), parse.GetRequiredValue(currency), null))
        {
            Arguments = { amount, currency },
            Examples = { new("settlement op payout 25.00 EUR", "pay 25.00 EUR out to the payout card") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "queued: one line names the operation and its queue");
        return verb;
    }
}
