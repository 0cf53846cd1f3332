using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op reject &lt;operation-id&gt; --note TEXT [--by NAME]</c>: a person declines an operation that waits or failed; nothing is sent.</summary>
public sealed record OpRejectCommand(string OperationId, string Note, string By) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("operation-id") { Description = "The operation, as op list shows it." };
        var note = SharedOptions.Note("Why it is declined, for the audit trail.");
        var by = SharedOptions.By("Who declines it");
        var verb = new Verb(
            "reject",
            "Declines an operation that waits (queued and never sent, or held for approval) or failed: it ends rejected and is never sent, "
            + "what waits for it is cancelled, its cases are resolved with the note, and the ledger stays as it was. "
            + "An operation whose last attempt's outcome is unknown is refused: op retry asks the gateway first.",
            parse => new OpRejectCommand(parse.GetRequiredValue(id), parse.GetRequiredValue(note), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { note, by },
            Examples = { new("settlement op reject 3f2a9c0d5e7b4a1c9d8e7f6a5b4c3d2e --note \"merchant refunded by bank transfer\"", "decline a failed refund") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "rejected");
        return verb;
    }
}
