using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op approve &lt;operation-id&gt; [--by NAME]</c>: a person lets an operation held for approval (a rebill above the cap) go.</summary>
public sealed record OpApproveCommand(string OperationId, string ApprovedBy) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("operation-id") { Description = "The operation awaiting approval, as op list --failed shows it." };
        var by = SharedOptions.By("Who approves it");
        var verb = new Verb(
            "approve",
            "Lets an operation held for approval (a rebill above the rebill cap) go: it is queued after its capture, and the approval is audited.",
            parse => new OpApproveCommand(parse.GetRequiredValue(id), SharedOptions.ByOrUser(parse, by)))
        {
            Arguments = { id },
            Options = { by },
            Examples = { new("settlement op approve 3f2a9c0d5e7b4a1c9d8e7f6a5b4c3d2e --by jane", "approve a rebill above the cap") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "approved and queued");
        return verb;
    }
}
