using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary><c>help [&lt;command&gt;...]</c>: the same help as <c>&lt;command&gt; --help</c>, on standard output.</summary>
public static class HelpCommand
{
    public static Verb Define()
    {
        var path = new Argument<string[]>("command") { Description = "The command, with its subcommand if it has one (op refund).", Arity = ArgumentArity.ZeroOrMore };
        return new Verb(
            "help",
            "Shows the help of a command: what it does, its arguments and options, examples and exit codes.",
            parse => CommandLine.HelpFor((RootCommand)parse.RootCommandResult.Command, parse.GetValue(path) ?? []))
        {
            Arguments = { path },
            Examples = { new("settlement help exceptions resolve", "the help of a subcommand") },
            ExitCodes =
            {
                [ExitCodes.Ok] = "the help was shown",
                [ExitCodes.UsageOrConfiguration] = "there is no such command",
            },
        };
    }
}
