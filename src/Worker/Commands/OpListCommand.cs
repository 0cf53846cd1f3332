using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op list [--failed] [--json]</c>: the latest operations, or those a person must act on.</summary>
public sealed record OpListCommand(bool FailedOnly, bool Json) : OpCommand
{
    public static new Verb Define()
    {
        var failed = new Option<bool>("--failed") { Description = "Only the operations a person must act on: failed, or executed by the gateway but refused by the ledger (needs-review)." };
        var json = SharedOptions.Json("The operations as a JSON array.");
        var verb = new Verb("list", "Lists the latest operations, newest first, with their status, attempts and the gateway's last result.", parse => new OpListCommand(parse.GetValue(failed), parse.GetValue(json)))
        {
            Options = { failed, json },
            Examples = { new("settlement op list --failed", "what waits for a person") },
        };
        AddExitCodes(verb, "the operations were listed");
        return verb;
    }
}
