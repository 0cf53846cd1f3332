using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

namespace Settlement.Worker.Commands;

/// <summary>The <c>profiles</c> commands: they read profiles and files only, and write nothing anywhere.</summary>
public sealed class ProfilesCommandRunner(DropFolderPaths paths, IOptions<FileReadingOptions> reading)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<int> ListAsync(ProfilesListCommand command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var profiles = FormatProfiles.Load(paths.Profiles);
        var known = profiles.All.OrderBy(profile => profile.Name, StringComparer.Ordinal).ToList();
        if (command.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(
                known.Select(profile => new { name = profile.Name, kind = profile.KindName, origin = profile.Origin, description = profile.Description, loaded = true, reason = (string?)null })
                    .Concat(profiles.Unloadable.Select(profile => new { name = profile.Name ?? Path.GetFileNameWithoutExtension(profile.Origin), kind = "?", origin = profile.Origin, description = (string?)null, loaded = false, reason = (string?)profile.Reason })),
                Json));
            return ExitCodes.Ok;
        }

        var nameWidth = Math.Max(4, known.Select(profile => profile.Name.Length).DefaultIfEmpty(0).Max());
        await output.WriteLineAsync($"{"name".PadRight(nameWidth)}  kind          from");
        foreach (var profile in known)
        {
            var from = profile.IsShipped ? "shipped" : profile.Origin;
            await output.WriteLineAsync($"{profile.Name.PadRight(nameWidth)}  {profile.KindName,-12}  {from}{(profile.Description is { } description ? $"  ({description})" : string.Empty)}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{known.Count} profiles; user profiles are read from {paths.Profiles}"));
        foreach (var profile in profiles.Unloadable)
        {
            await output.WriteLineAsync($"not loaded: {profile.Reason}");
        }

        return ExitCodes.Ok;
    }

    public async Task<int> CheckAsync(ProfilesCheckCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var installed = FormatProfiles.Load(paths.Profiles);
        var profiles = installed;
        if (command.Profile is { } wanted)
        {
            var chosen = Choose(wanted, installed, out var problems);
            if (chosen is null)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"settlement: {problem}");
                }

                return ExitCodes.UsageOrConfiguration;
            }

            profiles = FormatProfiles.From([chosen], paths.Profiles);
        }

        FileStream stream;
        Reconciliation.Intake.FileFingerprint fingerprint;
        try
        {
            // Hashed as ingestion hashes it, so a file's batch (when it names none) reads the same here.
            fingerprint = await Reconciliation.Intake.FileFingerprint.OfFileAsync(command.File, cancellationToken);
            stream = new FileStream(command.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"settlement: no such file: {command.File}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"settlement: cannot read {command.File}: permission denied");
            return ExitCodes.BadInput;
        }

        FileCheckReport report;
        await using (stream)
        {
            var options = profiles.ReadOptions(new FileIdentity(Path.GetFileName(command.File), fingerprint.Hex), reading.Value.MaxFieldLength);
            if (command.Profile is not null)
            {
                // Only the profile asked for: a canonical header or another profile must not win over it.
                options = options with { Unloadable = [] };
            }

            report = await FileCheck.RunAsync(stream, options, command.Lines, cancellationToken);
        }

        await output.WriteAsync(Render(command.File, report, command.Profile is null ? installed.Unloadable : []));
        return report.Rejection is not null || report.ErrorCount > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    /// <summary>The check's answer as text: the same for a person and for a golden test.</summary>
    public static string Render(string file, FileCheckReport report, IReadOnlyList<UnloadableProfile> unloadable)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unloadable);
        var text = new StringBuilder();
        foreach (var profile in unloadable)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"note: a user profile is not loaded: {profile.Reason}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"file:     {file}");
        if (report.Rejection is { } rejection)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"result:   not read; it would be quarantined: {rejection.Message}");
            return text.ToString();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"read as:  {report.Source} ({KindName(report.Kind)}){(report.ProfileOrigin is { } origin ? $" from {origin}" : string.Empty)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"because:  {report.Recognition}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"first {report.Sample.Count} line{(report.Sample.Count == 1 ? string.Empty : "s")} as canonical fields:");
        foreach (var line in report.Sample)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  line {CanonicalLine.Label(line.StoredNumber),-6} {FileCheck.Describe(line)}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"line errors: {report.ErrorCount}{(report.ErrorCount > report.Errors.Count ? $" (the first {report.Errors.Count} shown)" : string.Empty)}");
        foreach (var error in report.Errors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {error}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"totals:   {report.Lines} lines, {report.ErrorCount} errors, {report.Ignored} rows ignored (not money lines)");
        foreach (var (type, count) in report.LinesByType)
        {
            var sums = report.Sums.Where(sum => sum.Key.StartsWith(type + " ", StringComparison.Ordinal)).Select(sum => sum.Value);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {type,-20} {count,6}   {string.Join(", ", sums)}");
        }

        if (report.HasTrailerRule)
        {
            text.AppendLine(report.TrailerChecks.Count == 0 ? "trailer:  none found" : $"trailer:  {string.Join("; ", report.TrailerChecks)}");
        }

        return text.ToString();
    }

    /// <summary>A profile file being written (loaded from its path), or a known profile by name.</summary>
    private static FormatProfile? Choose(string wanted, FormatProfiles installed, out IReadOnlyList<string> problems)
    {
        problems = [];
        if (File.Exists(wanted) || wanted.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var loaded = FormatProfileLoader.LoadFile(wanted);
            if (loaded.TryGetValue(out var profile, out var failure))
            {
                return profile;
            }

            problems = [.. failure.Errors.Select(error => $"profile {error}")];
            return null;
        }

        if (installed.All.FirstOrDefault(profile => string.Equals(profile.Name, wanted, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return named;
        }

        problems = [$"no profile is named '{wanted}'{NearestName.Suggestion(wanted, installed.All.Select(profile => profile.Name))}; see 'settlement profiles list'"];
        return null;
    }

    private static string KindName(FileKind kind) => kind switch
    {
        FileKind.Chargebacks => "chargebacks",
        FileKind.Transactions => "transactions",
        FileKind.FinalAmounts => "final-amounts",
        _ => "settlement",
    };
}
