using System.CommandLine;

namespace Settlement.Worker.Commands;

/// <summary>
/// <c>schedules [--json]</c>: each job with its cron, zone, next fire times and latest runs. As small as a command
/// gets, and the one to copy: the record holds what the parse found, <see cref="Define"/> the words and the help,
/// <see cref="RunAsync"/> hands over to the runner; a line in <see cref="CommandLine"/> registers it.
/// </summary>
public sealed record SchedulesCommand(bool Json) : WorkerCommand
{
    public static Verb Define()
    {
        var json = SharedOptions.Json("The jobs as a JSON array.");
        return new Verb(
            "schedules",
            "Shows each scheduled job: its cron and time zone, the misfire policy, the next three fire times (local and UTC) and the last three runs with the instance that ran them.",
            parse => new SchedulesCommand(parse.GetValue(json)))
        {
            Options = { json },
            Examples =
            {
                new("settlement schedules", "what runs when, and how the last runs went"),
                new("settlement schedules --Settlement:Schedules:TimeZone=Europe/Amsterdam", "what a setting would give, before deploying it"),
            },
            ExitCodes =
            {
                [Commands.ExitCodes.Ok] = "the schedules were shown",
                [Commands.ExitCodes.UsageOrConfiguration] = "a schedule setting (zone, cron, job name) is invalid: the line names it",
            },
        };
    }

    public override Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Service<SchedulesCommandRunner>().RunAsync(this, context.Output, context.Cancellation);
    }
}
