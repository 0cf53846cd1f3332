using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary>The <c>sources</c> group: the configured SFTP sources, what a pull would take, and a pull now.</summary>
public static class SourcesCommand
{
    public static Verb Define() => new("sources", "The SFTP sources the worker pulls acquirer files from (docs/sftp-sources.md).")
    {
        Subcommands = { SourcesListCommand.Define(), SourcesCheckCommand.Define(), SourcesPullCommand.Define() },
        Examples = { new("settlement sources check acme", "what a pull of source acme would take now, fetching nothing") },
    };

    /// <summary>The source's name, as configured under <c>Settlement:Sources:&lt;name&gt;</c>.</summary>
    internal static Argument<string> Name() => new("name") { Description = "The source, as configured under Settlement:Sources:<name>." };
}
