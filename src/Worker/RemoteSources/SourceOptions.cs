using System.Text.RegularExpressions;
using NodaTime;
using Settlement.Reconciliation;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// One SFTP source (<c>Settlement:Sources:&lt;name&gt;</c>): how to reach and trust its server, where its files are
/// and which to take, and what to do with them after. Every default is in <c>docs/sftp-sources.md</c>.
/// </summary>
public sealed partial class SourceOptions
{
    public const string Section = "Settlement:Sources";

    public string? Host { get; set; }

    public int Port { get; set; } = 22;

    public string? User { get; set; }

    /// <summary>An OpenSSH (or PEM) private key file; the usual way in.</summary>
    public string? PrivateKeyFile { get; set; }

    public string? PrivateKeyPassphrase { get; set; }

    /// <summary>For servers that only take passwords; never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>The server's host key, <c>SHA256:…</c> as <c>ssh-keygen -lf</c> prints it. Required unless <see cref="TrustOnFirstUse"/>.</summary>
    public string? HostKeyFingerprint { get; set; }

    /// <summary>With no fingerprint configured, pin the key the server shows at the first connection (recorded in the database), and refuse any other after.</summary>
    public bool TrustOnFirstUse { get; set; }

    public string RemoteFolder { get; set; } = ".";

    public string Pattern { get; set; } = "*";

    /// <summary>When set (<c>.done</c>), a file is taken only once its marker <c>&lt;name&gt;.done</c> is there.</summary>
    public string? DoneMarkerSuffix { get; set; }

    /// <summary>When a file <c>&lt;name&gt;&lt;suffix&gt;</c> is there, the download must have the SHA-256 it gives; empty: never checked.</summary>
    public string? ChecksumSuffix { get; set; } = ".sha256";

    /// <summary><c>leave</c>, <c>move</c> (to <see cref="MoveTo"/>) or <c>delete</c>.</summary>
    public string AfterTaken { get; set; } = "leave";

    public string? MoveTo { get; set; }

    /// <summary>The Quartz cron of the source's pull, in <c>Settlement:Schedules:TimeZone</c>.</summary>
    public string Cron { get; set; } = "0 0/30 * * * ?";

    /// <summary>The wait between a run's two listings; a file that changed in between waits for the next run.</summary>
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The scheduled job of source <paramref name="name"/>: <c>sftp-&lt;name&gt;</c>.</summary>
    public static string JobName(string name) => $"sftp-{name}";

    /// <summary>The source as a pull sees it, or every problem of these settings, each naming its key.</summary>
    public Result<RemoteSource, IReadOnlyList<string>> ToRemoteSource(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = $"{Section}:{name}";
        var problems = new List<string>();
        if (!SourceName().IsMatch(name))
        {
            problems.Add($"{key}: a source name is lower-case letters, digits and dashes (it names the source's job, metrics and rows).");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add($"{key}:Host is required.");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"{key}:Port must be between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(User))
        {
            problems.Add($"{key}:User is required.");
        }

        if (string.IsNullOrWhiteSpace(PrivateKeyFile) && string.IsNullOrEmpty(Password))
        {
            problems.Add($"{key}: give PrivateKeyFile (or Password).");
        }
        else if (!string.IsNullOrWhiteSpace(PrivateKeyFile) && !File.Exists(PrivateKeyFile))
        {
            problems.Add($"{key}:PrivateKeyFile '{PrivateKeyFile}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(HostKeyFingerprint))
        {
            if (!TrustOnFirstUse)
            {
                problems.Add($"{key}:HostKeyFingerprint is required (SHA256:… as ssh-keygen -lf prints it; ask the acquirer, or run ssh-keyscan and check it with them), or set TrustOnFirstUse=true to pin the key shown at the first connection.");
            }
        }
        else if (Reconciliation.RemoteSources.HostKeyFingerprint.Parse(HostKeyFingerprint).TryGetValue(out _, out var fingerprintProblem) is false)
        {
            problems.Add($"{key}:HostKeyFingerprint {fingerprintProblem}.");
        }

        var pattern = FileNamePattern.Parse(Pattern);
        if (!pattern.IsSuccess)
        {
            problems.Add($"{key}:Pattern: {pattern.Error}.");
        }

        var after = AfterTaken?.Trim().ToLowerInvariant() switch
        {
            "leave" => Reconciliation.RemoteSources.AfterTaken.Leave,
            "move" => Reconciliation.RemoteSources.AfterTaken.Move,
            "delete" => Reconciliation.RemoteSources.AfterTaken.Delete,
            _ => (AfterTaken?)null,
        };
        if (after is null)
        {
            problems.Add($"{key}:AfterTaken '{AfterTaken}' is not leave, move or delete.");
        }
        else if (after == Reconciliation.RemoteSources.AfterTaken.Move && (string.IsNullOrWhiteSpace(MoveTo) || MoveTo.TrimEnd('/') == RemoteFolder.TrimEnd('/')))
        {
            problems.Add($"{key}:MoveTo is required with AfterTaken=move, and must be another folder than RemoteFolder.");
        }

        if (string.IsNullOrWhiteSpace(RemoteFolder))
        {
            problems.Add($"{key}:RemoteFolder must not be empty (. is the login folder).");
        }

        if (JobSchedule.Invalid(Cron) is { } cronProblem)
        {
            problems.Add($"{key}:Cron '{Cron}' is not a Quartz cron (seconds minutes hours day-of-month month day-of-week, e.g. '0 0/30 * * * ?'): {cronProblem}");
        }

        if (StableFor < TimeSpan.Zero)
        {
            problems.Add($"{key}:StableFor must not be negative.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{key}:ConnectTimeout must be positive.");
        }

        if (problems.Count > 0)
        {
            return Result<RemoteSource, IReadOnlyList<string>>.Failure(problems);
        }

        return new RemoteSource(
            name,
            RemoteFolder.Trim(),
            pattern.Value,
            string.IsNullOrEmpty(DoneMarkerSuffix) ? null : DoneMarkerSuffix,
            string.IsNullOrEmpty(ChecksumSuffix) ? null : ChecksumSuffix,
            after!.Value,
            MoveTo?.Trim(),
            Duration.FromTimeSpan(StableFor));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceName();
}
