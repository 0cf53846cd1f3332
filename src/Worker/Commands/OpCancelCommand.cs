using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op cancel &lt;operation-id&gt; --note TEXT [--by NAME]</c>: calls off an operation that waits for another to succeed first.</summary>
public sealed record OpCancelCommand(string OperationId, string Note, string By) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("operation-id") { Description = "The waiting operation (a continuation), as op list shows it." };
        var note = SharedOptions.Note("Why it is called off, for the audit trail.");
        var by = SharedOptions.By("Who cancels it");
        var verb = new Verb(
            "cancel",
            "Cancels a continuation: an operation that runs only after another one succeeds (a reversal or a rebill after its capture) "
            + "and still waits for it, e.g. because that one failed. It ends cancelled and is never sent; its cases are resolved with the note.",
            parse => new OpCancelCommand(parse.GetRequiredValue(id), parse.GetRequiredValue(note), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { note, by },
            Examples = { new("settlement op cancel 3f2a9c0d5e7b4a1c9d8e7f6a5b4c3d2e --note \"capture declined, guest paid cash\"", "call off the reversal waiting for a failed capture") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "cancelled");
        return verb;
    }
}
