using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary>
/// <c>demo [--exit]</c>: the worker with a day of traffic made through the simulator, its acquirer files dropped
/// in, and every part of the mission shown working, ending with the report. Without <c>--exit</c> it keeps running
/// afterwards so the dashboard and the reconciliation page can be looked at.
/// </summary>
public sealed record DemoCommand(bool ExitWhenDone) : WorkerCommand
{
    public override bool RunsHost => true;

    public static Verb Define()
    {
        var exit = new Option<bool>("--exit") { Description = "Stop once the report is printed, instead of running on for the dashboard." };
        return new Verb(
            "demo",
            "Shows the whole mission on a day of traffic made through the built-in gateway simulator: payments, acquirer files, matching, disputes, captures, rebills and the report. Keeps its data in ./data/demo.",
            parse => new DemoCommand(parse.GetValue(exit)))
        {
            Options = { exit },
            Examples =
            {
                new("settlement demo --exit", "tell the day, print the report and stop"),
                new("settlement demo", "tell the day, then keep the worker running: http://127.0.0.1:5080/hangfire and /reconciliation"),
            },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the day was told (and, without --exit, the worker was stopped)",
                [Commands.ExitCodes.UsageOrConfiguration] = "did not start: a setting, the database or a folder is wrong, or a real gateway is configured",
            },
        };
    }

    public override Task<int> RunAsync(CommandContext context) => RunCommand.RunHostAsync(context);
}
