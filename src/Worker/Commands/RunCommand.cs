using Settlement.Worker.DropFolder;

namespace Settlement.Worker.Commands;

/// <summary><c>run</c> (the default): the worker itself, until Ctrl-C.</summary>
public sealed record RunCommand : WorkerCommand
{
    public override bool RunsHost => true;

    public static Verb Define() => new("run", "Runs the worker until Ctrl-C (the default command): watches the drop folder, runs the nightly schedules and the operations, receives the gateway's webhooks and serves the dashboard.", _ => new RunCommand())
    {
        Examples =
        {
            new("settlement run --Urls=http://127.0.0.1:5081 --Settlement:DataDirectory=/srv/settlement", "a worker on its own port and data folder"),
            new("settlement run --Settlement:Schedules:TimeZone=Europe/Amsterdam", "the nightly jobs in the merchant's time zone"),
        },
        ExitCodes =
        {
            [Commands.ExitCodes.Ok] = "stopped by Ctrl-C or SIGTERM",
            [Commands.ExitCodes.UsageOrConfiguration] = "did not start: a setting, the database or a folder is wrong (one line says which)",
        },
    };

    public override Task<int> RunAsync(CommandContext context) => RunHostAsync(context);

    /// <summary>
    /// Runs the host until it stops, once the drop folder's folders are known to be usable: its watcher would
    /// otherwise fail inside the host, where only the log would say so.
    /// </summary>
    public static async Task<int> RunHostAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paths = context.Service<DropFolderPaths>();
        FolderAccess.EnsureUsable(paths.Inbox, "Settlement:DropFolder:Inbox");
        FolderAccess.EnsureUsable(paths.Archive, "Settlement:DropFolder:Archive");
        FolderAccess.EnsureUsable(paths.Quarantine, "Settlement:DropFolder:Quarantine");
        await context.Host.RunAsync();
        return Commands.ExitCodes.Ok;
    }
}
