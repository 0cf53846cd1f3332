using System.Globalization;

namespace Settlement.Worker;

/// <summary>
/// The last word on an exception no one expected (a bug): one line on standard error that says so and where the
/// stack trace went, instead of the runtime's crash dump on the user's terminal.
/// </summary>
public static class UnexpectedFailure
{
    public static async Task<int> ReportAsync(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        var file = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"settlement-error-{Environment.ProcessId}.txt"));
        string where;
        try
        {
            await File.WriteAllTextAsync(file, exception.ToString());
            where = "the stack trace is in " + file;
        }
        catch (Exception unwritable) when (unwritable is IOException or UnauthorizedAccessException)
        {
            where = "the stack trace could not be written to " + file;
        }

        await error.WriteLineAsync($"settlement: unexpected error, please report it: {exception.GetType().Name}: {FirstLine(exception.Message)} ({where})");
        return Commands.ExitCodes.InternalError;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}
