namespace Settlement.Worker.DropFolder;

/// <summary>Where the user's format profiles are (configuration section <c>Settlement:Profiles</c>): a folder of the data folder's layout.</summary>
public sealed class FormatProfileOptions
{
    public const string Section = "Settlement:Profiles";

    /// <summary>The folder of user profiles (<c>*.json</c>) read at start-up beside the shipped ones; relative: under the data folder.</summary>
    public string Folder { get; set; } = "profiles";
}
