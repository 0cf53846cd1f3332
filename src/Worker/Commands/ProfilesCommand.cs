namespace Settlement.Worker.Commands;

/// <summary>The <c>profiles</c> group: the format profiles the worker knows, a check of a file against them, and their JSON Schema.</summary>
public static class ProfilesCommand
{
    public static Verb Define() => new("profiles", "The format profiles that read acquirers' own reports (docs/profiles.md): list them, check a file with them, print their JSON Schema.")
    {
        Subcommands = { ProfilesListCommand.Define(), ProfilesCheckCommand.Define(), ProfilesSchemaCommand.Define() },
        Examples = { new("settlement profiles check report.csv --profile profiles/acme.json", "how a profile being written reads a real report") },
    };
}
