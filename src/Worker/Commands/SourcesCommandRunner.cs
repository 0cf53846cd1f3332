using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.RemoteSources;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.Commands;

/// <summary>
/// Runs the <c>sources</c> commands. <c>list</c> shows every source (never its password or passphrase) with how it
/// last went; <c>check</c> connects and shows what a pull would take, fetching nothing; <c>pull</c> pulls now, as the
/// schedule does. Exit code 0 when the source worked (and every file went through), 1 otherwise, with one line
/// on standard error saying why.
/// </summary>
public sealed class SourcesCommandRunner(
    IOptions<RemoteSourcesOptions> options, IEnumerable<IScheduledWork> works, RemotePull pull, RemoteFileStore store, ScheduleCatalog schedules)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<int> ListAsync(SourcesListCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var sources = options.Value.Sources;
        var statuses = await store.StatusAsync(cancellationToken);
        if (command.Json)
        {
            var list = new JsonArray([.. sources.Keys.Order(StringComparer.Ordinal).Select(name => ToJson(name, sources[name], statuses.GetValueOrDefault(name)))]);
            await output.WriteLineAsync(list.ToJsonString(Indented));
            return 0;
        }

        if (sources.Count == 0)
        {
            await output.WriteLineAsync($"no SFTP sources are configured ({SourceOptions.Section}:<name>:Host, …; see docs/sftp-sources.md)");
            return 0;
        }

        foreach (var name in sources.Keys.Order(StringComparer.Ordinal))
        {
            var settings = sources[name];
            var schedule = schedules.Jobs.FirstOrDefault(job => job.Name == SourceOptions.JobName(name));
            await output.WriteLineAsync($"{name}  sftp://{settings.User}@{settings.Host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}/{settings.RemoteFolder.TrimStart('/')}  pattern {settings.Pattern}");
            await output.WriteLineAsync($"  login {Credentials(settings)}; host key {HostKey(settings, statuses.GetValueOrDefault(name))}");
            await output.WriteLineAsync($"  complete when {Completeness(settings)}; after taken: {After(settings)}");
            await output.WriteLineAsync(schedule is null
                ? "  schedule: none"
                : $"  schedule '{schedule.Cron}' in {schedule.TimeZone.Id}{(schedule.Enabled ? string.Empty : " (disabled)")} (job {schedule.Name})");
            await output.WriteLineAsync($"  {Status(statuses.GetValueOrDefault(name))}");
        }

        return 0;
    }

    public async Task<int> CheckAsync(SourcesCheckCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (await FindAsync(command.Name, "check", error) is not { } work)
        {
            return 1;
        }

        IReadOnlyList<PulledFile> files;
        try
        {
            files = await pull.CheckAsync(work.Source, cancellationToken);
        }
        catch (RemoteSourceException failure)
        {
            await error.WriteLineAsync($"settlement: sources check {command.Name}: {failure.Kind.ToCode()}: {failure.Message}");
            return 1;
        }

        var settings = options.Value.Sources[command.Name];
        await output.WriteLineAsync($"{command.Name}: connected to {settings.User}@{settings.Host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}, listed {settings.RemoteFolder}; nothing was fetched");
        await WriteFilesAsync(output, files);
        await output.WriteLineAsync($"{files.Count(file => file.Outcome == "would-take")} file(s) would be taken now");
        return 0;
    }

    public async Task<int> PullAsync(SourcesPullCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (await FindAsync(command.Name, "pull", error) is not { } work)
        {
            return 1;
        }

        var report = await work.PullAsync(cancellationToken);
        await WriteFilesAsync(output, report.Files.Where(file => file.Outcome != "already-taken").ToList());
        if (report.Failure is { } failure)
        {
            await error.WriteLineAsync($"settlement: sources pull {command.Name}: {failure.Kind.ToCode()}: {failure.Message}");
            return 1;
        }

        await output.WriteLineAsync(report.Summary);
        return report.Failed == 0 ? 0 : 1;
    }

    private async Task<SourcePullWork?> FindAsync(string name, string verb, TextWriter error)
    {
        var work = works.OfType<SourcePullWork>().FirstOrDefault(candidate => candidate.SourceName == name);
        if (work is null)
        {
            var known = options.Value.Sources.Keys.Order(StringComparer.Ordinal).ToList();
            await error.WriteLineAsync(known.Count == 0
                ? $"settlement: sources {verb}: no source '{name}': no SFTP sources are configured ({SourceOptions.Section}:<name>:…)"
                : $"settlement: sources {verb}: no source '{name}'; the sources are: {string.Join(", ", known)}");
        }

        return work;
    }

    private static async Task WriteFilesAsync(TextWriter output, IReadOnlyList<PulledFile> files)
    {
        foreach (var file in files)
        {
            await output.WriteLineAsync($"  {file.Outcome,-15} {file.Name}  {file.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes{(file.Detail is null ? string.Empty : $"  ({file.Detail})")}");
        }
    }

    private static string Credentials(SourceOptions settings) =>
        string.Join(
            " then ",
            new[]
            {
                string.IsNullOrWhiteSpace(settings.PrivateKeyFile) ? null : $"key {settings.PrivateKeyFile}{(string.IsNullOrEmpty(settings.PrivateKeyPassphrase) ? string.Empty : " (passphrase set)")}",
                string.IsNullOrEmpty(settings.Password) ? null : "password (set)",
            }.Where(part => part is not null));

    private static string HostKey(SourceOptions settings, SourceStatus? status) =>
        !string.IsNullOrWhiteSpace(settings.HostKeyFingerprint) ? $"{settings.HostKeyFingerprint} (pinned in settings)"
        : status?.PinnedHostKey is { } pinned ? $"{pinned} (pinned at first use)"
        : "trusted at first use (no connection yet)";

    private static string Completeness(SourceOptions settings) =>
        (string.IsNullOrEmpty(settings.DoneMarkerSuffix) ? $"unchanged for {settings.StableFor}" : $"<name>{settings.DoneMarkerSuffix} is there")
        + (string.IsNullOrEmpty(settings.ChecksumSuffix) ? string.Empty : $", checked against <name>{settings.ChecksumSuffix} when there");

    private static string After(SourceOptions settings) =>
        settings.AfterTaken.Trim().Equals("move", StringComparison.OrdinalIgnoreCase) ? $"move to {settings.MoveTo}" : settings.AfterTaken.Trim().ToLowerInvariant();

    private static string Status(SourceStatus? status) => status switch
    {
        null => "never pulled",
        { FailingSince: { } since } => $"FAILING since {since}: {status.FailureKind}: {status.FailureReason}",
        _ => $"last success {status.LastSuccessAt?.ToString() ?? "never"}; {status.FilesTaken.ToString(CultureInfo.InvariantCulture)} file(s), {status.BytesTaken.ToString(CultureInfo.InvariantCulture)} bytes taken in all",
    };

    private JsonObject ToJson(string name, SourceOptions settings, SourceStatus? status) => new()
    {
        ["name"] = name,
        ["host"] = settings.Host,
        ["port"] = settings.Port,
        ["user"] = settings.User,
        ["private_key_file"] = settings.PrivateKeyFile,
        ["password_set"] = !string.IsNullOrEmpty(settings.Password),
        ["host_key"] = string.IsNullOrWhiteSpace(settings.HostKeyFingerprint) ? status?.PinnedHostKey : settings.HostKeyFingerprint,
        ["trust_on_first_use"] = settings.TrustOnFirstUse,
        ["remote_folder"] = settings.RemoteFolder,
        ["pattern"] = settings.Pattern,
        ["done_marker_suffix"] = settings.DoneMarkerSuffix,
        ["checksum_suffix"] = settings.ChecksumSuffix,
        ["after_taken"] = settings.AfterTaken,
        ["move_to"] = settings.MoveTo,
        ["job"] = SourceOptions.JobName(name),
        ["cron"] = schedules.Jobs.FirstOrDefault(job => job.Name == SourceOptions.JobName(name))?.Cron,
        ["last_success_at"] = status?.LastSuccessAt?.ToString(),
        ["failing_since"] = status?.FailingSince?.ToString(),
        ["failure_kind"] = status?.FailureKind,
        ["failure_reason"] = status?.FailureReason,
        ["files_taken"] = status?.FilesTaken ?? 0,
        ["bytes_taken"] = status?.BytesTaken ?? 0,
    };
}
