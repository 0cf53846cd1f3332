namespace Settlement.Worker.Commands;

/// <summary>The command line could not be understood; <see cref="Message"/> says what to fix in one line.</summary>
public sealed record UsageError(string Message) : CommandLineAnswer
{
    public override int Write(TextWriter standardOutput, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        standardError.WriteLine($"settlement: {Message}");
        return ExitCodes.UsageOrConfiguration;
    }
}
