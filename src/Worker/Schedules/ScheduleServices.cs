using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Settlement.Worker.Database;
using Settlement.Worker.Observability;

namespace Settlement.Worker.Schedules;

/// <summary>
/// Wires the schedules: the catalog of scheduled works with their crons (validated at start), the run history,
/// and — where the worker runs as a host — Quartz, clustered on the worker's PostgreSQL (schema <c>quartz</c>,
/// tables created by Quartz itself), which fires each trigger once across every instance.
/// </summary>
public static class ScheduleServices
{
    /// <summary>Every instance of one cluster shares this scheduler name (it is the key of the rows in the store).</summary>
    public const string SchedulerName = "settlement";

    /// <param name="services">The worker's services.</param>
    /// <param name="configuration">Its configuration (section <c>Settlement:Schedules</c>).</param>
    /// <param name="runScheduler">Run Quartz here (the worker's <c>run</c>); commands only read the schedules.</param>
    public static IServiceCollection AddSettlementSchedules(this IServiceCollection services, IConfiguration configuration, bool runScheduler)
    {
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleValidation>();
        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton<JobRunStore>();
        if (!runScheduler)
        {
            return services;
        }

        var misfireThreshold = configuration.GetSection(ScheduleOptions.Section).Get<ScheduleOptions>()?.MisfireThreshold ?? new ScheduleOptions().MisfireThreshold;
        services.TryAddSingleton<SettlementMetrics>();
        services.AddTransient<ScheduledWorkJob>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                // Its own plain connection string, handed over once the database is open (the embedded server starts
                // before the host): no NodaTime mapping on Quartz's connections.
                store.UsePostgres(source => source.DataSourceFactory = provider => NpgsqlDataSource.Create(provider.GetRequiredService<SettlementDatabase>().ConnectionString));
                store.UseClustering(_ => { });
                store.ProvisionSchema();
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = "quartz.qrtz_";
                    options.MisfireThreshold = misfireThreshold;
                });
            });
        });
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            // Started by the synchronizer, once the store's triggers match the configuration.
            options.AutoStart = false;
        });
        services.AddHostedService<ScheduleSynchronizer>();
        return services;
    }
}
