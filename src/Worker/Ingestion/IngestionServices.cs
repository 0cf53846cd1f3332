using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Settlement.Reconciliation.Files.Profiles;
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
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FormatProfileOptions>, FormatProfileOptionsValidator>();

        // Loaded once: a profile changed on disk takes effect at the next start, like any other setting.
        services.AddSingleton(provider =>
        {
            var folder = provider.GetRequiredService<IOptions<FormatProfileOptions>>().Value.Folder;
            return FormatProfiles.Load(string.IsNullOrWhiteSpace(folder) ? null : folder).Value;
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
