using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Intake;
using Settlement.Worker.Database;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.Ingestion;

/// <summary>A data folder of its own (inbox, archive, quarantine) and the ingestion pipeline on a test database.</summary>
internal sealed class IngestionFolder : IDisposable
{
    public IngestionFolder(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Root = Directory.CreateTempSubdirectory("settlement-ingest-").FullName;
        Paths = new DropFolderPaths(
            Options.Create(new DatabaseOptions { DataDirectory = Root }),
            Options.Create(new DropFolderOptions()));
        Directory.CreateDirectory(Paths.Inbox);
    }

    public NpgsqlDataSource DataSource { get; }

    public string Root { get; }

    public DropFolderPaths Paths { get; }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 2, 0));

    public IntakeStore Intake => new(DataSource, Clock, NullLogger<IntakeStore>.Instance);

    /// <summary>A pipeline as one worker instance runs it; a second instance gets another one.</summary>
    /// <param name="instance">The worker instance; a new one when null.</param>
    /// <param name="profiles">The format profiles; the shipped ones when null.</param>
    /// <param name="simulatorFeed">Teaches the built-in simulator the transactions exports, as with no gateway configured.</param>
    public FileIngestion Pipeline(
        WorkerInstance? instance = null, Reconciliation.Files.Profiles.FormatProfiles? profiles = null, Settlement.Worker.Simulator.SimulatorFeed? simulatorFeed = null) =>
        new(DataSource, Intake, new Reconciliation.Files.FileTransactionLoader(Clock), Paths, instance ?? new WorkerInstance(), Clock, NullLogger<FileIngestion>.Instance, profiles, simulatorFeed: simulatorFeed);

    public string Drop(string name, string content)
    {
        var path = System.IO.Path.Combine(Paths.Inbox, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
