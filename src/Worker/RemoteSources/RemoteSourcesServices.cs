using Microsoft.Extensions.Options;
using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Health;
using Settlement.Worker.Ingestion;
using Settlement.Worker.Schedules;

namespace Settlement.Worker.RemoteSources;

/// <summary>
/// Wires the SFTP sources: their settings (checked at start), the rows, SSH.NET, the hand-over to the intake, a
/// scheduled pull per source, the health entry and the <c>sources</c> commands.
/// </summary>
public static class RemoteSourcesServices
{
    /// <summary>Downloads on their way to the intake, under the data folder: <c>sources/&lt;source&gt;/&lt;row&gt;/&lt;name&gt;</c>.</summary>
    public const string StagingFolderName = "sources";

    public static IServiceCollection AddRemoteSources(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SourceOptions.Section);
        services.AddOptions<RemoteSourcesOptions>()
            .Configure(options =>
            {
                foreach (var source in section.GetChildren())
                {
                    var settings = new SourceOptions();
                    source.Bind(settings);
                    options.Sources[source.Key] = settings;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RemoteSourcesOptions>, SourcesValidation>();
        services.AddSingleton<RemoteFileStore>();
        services.AddSingleton<IRemoteFolderConnector, SftpConnector>();
        services.AddSingleton<IRemoteFileIntake, RemoteFileHandOver>();
        services.AddSingleton(provider => new RemotePull(
            provider.GetRequiredService<RemoteFileStore>(),
            provider.GetRequiredService<IRemoteFolderConnector>(),
            provider.GetRequiredService<IRemoteFileIntake>(),
            new RemotePullWorkspace(
                provider.GetRequiredService<WorkerInstance>().Name,
                Path.Combine(provider.GetRequiredService<DropFolderPaths>().DataDirectory, StagingFolderName),
                WorkerInstance.IsGone),
            provider.GetRequiredService<ILogger<RemotePull>>(),
            KillSwitch.FromEnvironment()));

        // One scheduled job per configured source, named by the configuration's keys so the schedules know them at start.
        foreach (var source in section.GetChildren().Select(child => child.Key))
        {
            services.AddSingleton<IScheduledWork>(provider => ActivatorUtilities.CreateInstance<SourcePullWork>(provider, source));
        }

        services.AddHealthChecks().AddCheck<SourcesHealthCheck>("sources", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>Every source's settings are checked at start: each problem names its key.</summary>
    private sealed class SourcesValidation : IValidateOptions<RemoteSourcesOptions>
    {
        public ValidateOptionsResult Validate(string? name, RemoteSourcesOptions options)
        {
            var problems = options.Sources
                .SelectMany(source => source.Value.ToRemoteSource(source.Key).TryGetValue(out _, out var errors) ? [] : errors)
                .ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
