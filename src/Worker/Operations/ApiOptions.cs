namespace Settlement.Worker.Operations;

/// <summary>The HTTP API's key (section <c>Settlement:Api</c>); without one, every API request is refused.</summary>
public sealed class ApiOptions
{
    public const string Section = "Settlement:Api";

    public const string KeyHeader = "X-Api-Key";

    public string? Key { get; set; }
}
