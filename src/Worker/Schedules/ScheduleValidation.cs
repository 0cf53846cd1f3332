using Microsoft.Extensions.Options;

namespace Settlement.Worker.Schedules;

/// <summary>Checks <see cref="ScheduleOptions"/> against the registered works at start (see <see cref="ScheduleCatalog.Check"/>).</summary>
public sealed class ScheduleValidation(IEnumerable<IScheduledWork> works) : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var failures = ScheduleCatalog.Check(options, [.. works.Select(work => work.Name)]);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
