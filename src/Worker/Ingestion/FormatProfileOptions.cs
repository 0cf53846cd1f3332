using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Files.Profiles;

namespace Settlement.Worker.Ingestion;

/// <summary>Format profiles (configuration section <c>Settlement:Profiles</c>).</summary>
public sealed class FormatProfileOptions
{
    public const string Section = "Settlement:Profiles";

    /// <summary>A folder of user profiles (<c>*.json</c>) read at start-up beside the shipped ones; empty: none.</summary>
    public string? Folder { get; set; }
}

/// <summary>Refuses to start with a profile that cannot be used, naming each file and field at fault.</summary>
internal sealed class FormatProfileOptionsValidator : IValidateOptions<FormatProfileOptions>
{
    public ValidateOptionsResult Validate(string? name, FormatProfileOptions options)
    {
        var loaded = FormatProfiles.Load(string.IsNullOrWhiteSpace(options.Folder) ? null : options.Folder);
        return loaded.IsSuccess
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(loaded.Error.Select(error => $"Settlement:Profiles: {error}"));
    }
}
