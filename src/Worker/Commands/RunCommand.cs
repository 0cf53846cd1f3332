using Settlement.Worker.Database;
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
            [Commands.ExitCodes.Interrupted] = "Ctrl-C came while it was still starting: what had started was stopped",
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
        var lifetime = context.Service<IHostApplicationLifetime>();
        try
        {
            await context.Host.StartAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Ctrl-C while starting cancels the start; what had started (the scheduler's threads, the simulator) must
            // be stopped too, or it keeps the process alive after PostgreSQL is gone.
            await context.Host.StopAsync(CancellationToken.None);
            await context.Error.WriteLineAsync("settlement: interrupted while starting; stopped");
            return Commands.ExitCodes.Interrupted;
        }

        await context.Host.WaitForShutdownAsync(CancellationToken.None);
        return Commands.ExitCodes.Ok;
    }
}
