using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Settlement.Worker.Commands;

/// <summary>Options and checks that several commands share, so that they read and fail alike.</summary>
public static class SharedOptions
{
    /// <summary><c>--json</c>: the answer as JSON on standard output, for scripts.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = what };

    /// <summary><c>--by NAME</c>: who does it, for the audit trail; <see cref="ByOrUser"/> reads it.</summary>
    public static Option<string?> By(string what) => new("--by") { Description = what + " (default: $USER, else 'operator')", HelpName = "NAME" };

    /// <summary>The <c>--by</c> given, else the login name, else "operator".</summary>
    public static string ByOrUser(ParseResult parse, Option<string?> by)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(by) ?? Environment.GetEnvironmentVariable("USER") ?? "operator";
    }

    /// <summary><c>--note TEXT</c>, required and not blank: what a person says about what they did.</summary>
    public static Option<string> Note(string what)
    {
        var note = new Option<string>("--note") { Description = what, HelpName = "TEXT", Required = true };
        note.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
            {
                result.AddError("--note must say something");
            }
        });
        return note;
    }

    /// <summary>
    /// An argument that looks like an option (<c>--jsn</c>) is a typo, not a file or an id: System.CommandLine would
    /// take it as the next argument. Negative numbers stay arguments (an amount may be one).
    /// </summary>
    public static void RejectUnknownOptions(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            var typo = result.Tokens.FirstOrDefault(token =>
                token.Type == TokenType.Argument && token.Value.StartsWith('-') && token.Value.Length > 1
                && !decimal.TryParse(token.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _));
            if (typo is not null)
            {
                result.AddError($"unknown option '{typo.Value}'{NearestName.Suggestion(typo.Value, LongOptionNames(command))}");
            }
        });
    }

    /// <summary>The <c>--long</c> spellings of every option the command takes, its help included: a one-letter alias is never a useful guess for a typo.</summary>
    public static IEnumerable<string> LongOptionNames(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var inherited = Ancestors(command).SelectMany(parent => parent.Options.Where(option => option.Recursive));
        return command.Options.Concat(inherited).Where(option => !option.Hidden)
            .SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal));
    }

    private static IEnumerable<Command> Ancestors(Command command) =>
        command.Parents.OfType<Command>().SelectMany(parent => Ancestors(parent).Prepend(parent));
}
