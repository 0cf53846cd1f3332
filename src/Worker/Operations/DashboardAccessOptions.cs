namespace Settlement.Worker.Operations;

/// <summary>
/// Who may open the Hangfire dashboard (section <c>Settlement:Dashboard</c>): requests from this machine always;
/// others only with these Basic credentials, and nobody else when they are not configured.
/// </summary>
public sealed class DashboardAccessOptions
{
    public const string Section = "Settlement:Dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }

    internal bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
