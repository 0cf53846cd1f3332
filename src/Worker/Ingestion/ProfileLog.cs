namespace Settlement.Worker.Ingestion;

/// <summary>What the worker says about its format profiles.</summary>
internal static partial class ProfileLog
{
    [LoggerMessage(EventId = LogEvents.Ingestion.ProfileUnloadable, Level = LogLevel.Warning, Message = "Format profile {Origin} could not be loaded and is not used until it is fixed (the worker goes on; files only it fits wait in quarantine): {Reason}")]
    public static partial void Unloadable(ILogger logger, string origin, string reason);
}
