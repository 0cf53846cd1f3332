using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>op retry &lt;operation-id&gt;</c>: another attempt of a failed operation under the same id.</summary>
public sealed record OpRetryCommand(string OperationId) : OpCommand
{
    public static new Verb Define()
    {
        var id = new Argument<string>("operation-id") { Description = "The operation, as op list shows it." };
        var verb = new Verb(
            "retry",
            "Queues a failed operation again under the same id (the gateway is asked first whether an earlier attempt went through) and restarts its automatic retries.",
            parse => new OpRetryCommand(parse.GetRequiredValue(id)))
        {
            Arguments = { id },
            Examples = { new("settlement op retry 3f2a9c0d5e7b4a1c9d8e7f6a5b4c3d2e", "try a failed operation again") },
        };
        SharedOptions.RejectUnknownOptions(verb);
        AddExitCodes(verb, "queued again");
        return verb;
    }
}
