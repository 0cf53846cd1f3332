using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Ledger;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Observability;
using Settlement.Worker.Simulator;

namespace Settlement.Worker.Ingestion;

/// <summary>Wires file intake: the pipeline every file goes through, and the drop folder that feeds it.</summary>
public static class IngestionServices
{
    public static IServiceCollection AddFileIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DropFolderOptions>()
            .Bind(configuration.GetSection(DropFolderOptions.Section))
            .Validate(options => options.StableFor >= TimeSpan.Zero, "Settlement:DropFolder:StableFor must not be negative.")
            .Validate(options => options.ScanInterval > TimeSpan.Zero, "Settlement:DropFolder:ScanInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<FormatProfileOptions>()
            .Bind(configuration.GetSection(FormatProfileOptions.Section))
            .Validate(options => !string.IsNullOrWhiteSpace(options.Folder), "Settlement:Profiles:Folder must name a folder.")
            .ValidateOnStart();
        services.AddOptions<FileReadingOptions>()
            .Bind(configuration.GetSection(FileReadingOptions.Section))
            .Validate(options => options.MaxFieldLength is >= 64 and <= 1 << 24, "Settlement:Files:MaxFieldLength must be between 64 and 16777216 characters.")
            .ValidateOnStart();

        // Loaded once: a profile changed on disk takes effect at the next start, like any other setting. A profile that
        // cannot be loaded does not stop the worker: it is reported (log, health) and the files only it fits wait.
        services.AddSingleton(provider =>
        {
            var profiles = FormatProfiles.Load(provider.GetRequiredService<DropFolderPaths>().Profiles);
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormatProfiles).FullName!);
            foreach (var unloadable in profiles.Unloadable)
            {
                ProfileLog.Unloadable(logger, unloadable.Origin, unloadable.Reason);
            }

            return profiles;
        });
        services.AddSingleton<DropFolderPaths>();
        services.AddSingleton<WorkerInstance>();
        services.AddSingleton<IntakeStore>();
        services.AddSingleton<FileTransactionLoader>();
        services.AddSimulatorFeed(configuration);
        services.AddSingleton<FileIngestion>();
        return services;
    }

    public static IServiceCollection AddDropFolder(this IServiceCollection services)
    {
        services.TryAddSingleton<SettlementMetrics>();
        services.AddHostedService<DropFolderWatcher>();
        return services;
    }
}
