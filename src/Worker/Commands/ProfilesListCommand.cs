namespace Settlement.Worker.Commands;

/// <summary><c>profiles list [--json]</c>: every profile the worker would use, shipped and the user's, and those that cannot be loaded.</summary>
public sealed record ProfilesListCommand(bool Json) : WorkerCommand
{
    public override bool NeedsDatabase => false;

    public static Verb Define()
    {
        var json = SharedOptions.Json("The profiles as a JSON array.");
        var verb = new Verb(
            "list",
            "Lists the format profiles the worker recognises files with: the shipped ones and those of the profiles folder (Settlement:Profiles:Folder), with their kind and where each comes from; then each user profile that cannot be loaded, with the reason.",
            parse => new ProfilesListCommand(parse.GetValue(json)))
        {
            Options = { json },
            Examples = { new("settlement profiles list", "which layouts a file can arrive in") },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the profiles were listed (a profile that cannot be loaded is listed with its reason)",
            },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<ProfilesCommandRunner>().ListAsync(this, context.Output);
    }
}
