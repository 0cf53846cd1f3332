using Microsoft.Extensions.Options;

namespace Settlement.Worker.Schedules;

/// <summary>Checks <see cref="ScheduleOptions"/> against the registered works at start (see <see cref="ScheduleCatalog.Check"/>).</summary>
public sealed class ScheduleValidation(IEnumerable<IScheduledWork> works) : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var ownCrons = works.Where(work => work.DefaultCron is not null).GroupBy(work => work.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().DefaultCron!, StringComparer.Ordinal);
        var failures = ScheduleCatalog.Check(options, [.. works.Select(work => work.Name)], ownCrons);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
