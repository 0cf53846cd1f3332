namespace Settlement.Worker.Retention;

/// <summary>How long each kind of data is kept (section <c>Settlement:Retention</c>); see <see cref="Reconciliation.Retention.RetentionPolicy"/>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Settlement:Retention";

    /// <summary>Acquirer lines with their outcomes: 13 months and more, beyond late disputes (120+ days) and a year-on-year comparison.</summary>
    public TimeSpan AcquirerLines { get; set; } = TimeSpan.FromDays(400);

    public TimeSpan FinishedOperations { get; set; } = TimeSpan.FromDays(400);

    public TimeSpan ResolvedExceptions { get; set; } = TimeSpan.FromDays(400);

    public TimeSpan JobRuns { get; set; } = TimeSpan.FromDays(90);
}
