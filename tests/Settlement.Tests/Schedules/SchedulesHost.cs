using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Settlement.Worker.Database;
using Settlement.Worker.Schedules;

namespace Settlement.Tests.Schedules;

/// <summary>
/// A worker instance as far as schedules go: the same <c>AddSettlementSchedules</c> with Quartz clustered on the
/// given database, running the given works. Several of them on one database are a cluster in one process.
/// </summary>
internal sealed class SchedulesHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"settlement-schedules-{Guid.NewGuid():N}");

    private SchedulesHost(string connectionString, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<IScheduledWork> works, ConcurrentQueue<string>? log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Settlement"] = connectionString,
            ["Settlement:DataDirectory"] = _dataDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(new CapturedLog(log));
        }

#pragma warning disable RS0030 // The test host is a composition root.
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        builder.Services.AddSettlementDatabase(builder.Configuration);
        foreach (var work in works)
        {
            builder.Services.AddSingleton(work);
        }

        builder.Services.AddSettlementSchedules(builder.Configuration, runScheduler: true);
        _host = builder.Build();
    }

    public IServiceProvider Services => _host.Services;

    public static async Task<SchedulesHost> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<IScheduledWork> works, ConcurrentQueue<string>? log = null)
    {
        var host = new SchedulesHost(connectionString, settings, works, log);
        await host.Services.GetRequiredService<SettlementDatabase>().OpenAsync(CancellationToken.None);
        await host._host.StartAsync(CancellationToken.None);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await Services.GetRequiredService<SettlementDatabase>().DisposeAsync();
        _host.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
