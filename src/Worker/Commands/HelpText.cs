namespace Settlement.Worker.Commands;

/// <summary>Text the command line prints by itself on standard output: help, the version, shell completions.</summary>
public sealed record HelpText(string Text, int ExitCode = ExitCodes.Ok) : CommandLineAnswer
{
    public override int Write(TextWriter standardOutput, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        standardOutput.Write(Text);
        return ExitCode;
    }
}
