using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op unhold &lt;payment-id&gt; [--by NAME]</c>: releases a hold; the sweep takes the PA again when it is due.</summary>
public sealed record OpUnholdCommand(string PaymentId, string By) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("payment-id") { Description = "The pre-authorization on hold." };
        var by = SharedOptions.By("Who releases it");
        var verb = new Verb(
            "unhold",
            "Releases a hold: the capture sweep takes the pre-authorization again when it is due.",
            parse => new OpUnholdCommand(parse.GetRequiredValue(id), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { by },
            Examples = { new("settlement op unhold 8ac7a4a2", "let the sweep capture it again") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "released");
        return verb;
    }
}
