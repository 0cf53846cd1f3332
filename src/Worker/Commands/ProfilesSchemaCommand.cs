namespace Settlement.Worker.Commands;

/// <summary><c>profiles schema</c>: the JSON Schema of profile documents, for an editor to complete and check a profile.</summary>
public sealed record ProfilesSchemaCommand : WorkerCommand
{
    public override bool NeedsDatabase => false;

    public static Verb Define()
    {
        var verb = new Verb(
            "schema",
            "Prints the JSON Schema of profile documents. Save it beside your profiles and name it in each one's \"$schema\", and an editor completes and checks every key.",
            _ => new ProfilesSchemaCommand())
        {
            Examples = { new("settlement profiles schema > data/profiles/profile.schema.json", "then \"$schema\": \"./profile.schema.json\" in a profile") },
            ExitCodes = { [Commands.ExitCodes.Ok] = "the schema was printed" },
        };
        SharedOptions.RejectUnknownOptions(verb);
        return verb;
    }

    public override async Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Output.WriteAsync(Reconciliation.Files.Profiles.FormatProfileLoader.Schema());
        return Commands.ExitCodes.Ok;
    }
}
