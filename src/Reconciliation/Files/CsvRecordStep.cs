using CsvHelper;

namespace Settlement.Reconciliation.Files;

/// <summary>
/// One step of a CSV reader, shared by the canonical and the profiled files: the next record, or — when CsvHelper
/// gives up on the file — the end, with a line error saying why (its message names no field value, since
/// values in exceptions are switched off).
/// </summary>
internal static class CsvRecordStep
{
    public static async ValueTask<(bool More, LineError? Fatal)> NextAsync(CsvReader reader, long lastLine, CancellationToken cancellationToken)
    {
        try
        {
            return (await reader.ReadAsync(cancellationToken), null);
        }
        catch (CsvFormatException exception)
        {
            return (false, LineError.Of(lastLine + 1, null, null, $"reading stopped: {exception.Message}"));
        }
    }
}
