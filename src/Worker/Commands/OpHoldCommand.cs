using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op hold &lt;payment-id&gt; --note TEXT [--by NAME]</c>: the capture sweep skips the PA until it is released.</summary>
public sealed record OpHoldCommand(string PaymentId, string Note, string By) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("payment-id") { Description = "The pre-authorization to hold." };
        var note = SharedOptions.Note("Why it is held, for the audit trail.");
        var by = SharedOptions.By("Who holds it");
        var verb = new Verb(
            "hold",
            "Holds a pre-authorization: the capture sweep skips it (and lists it as held) until 'op unhold'.",
            parse => new OpHoldCommand(parse.GetRequiredValue(id), parse.GetRequiredValue(note), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { note, by },
            Examples = { new("settlement op hold 8ac7a4a2 --note \"guest disputes the minibar\"", "keep the sweep from capturing it") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "held");
        return verb;
    }
}
