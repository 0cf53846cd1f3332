using Settlement.Harness;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;
using Settlement.Harness.Scenarios;

// The fault harness: real worker processes against a private PostgreSQL cluster and a gateway simulator on
// loopback, killed, faulted and doubled; each scenario prints what it did and checked, then PASS or FAIL.
//
//   dotnet run -c Release --project harness/Settlement.Harness -- [all|kills|faults|instances|postgres-restart] [--quick]
if (HarnessCommand.Parse(args) is not { } command)
{
    await Console.Error.WriteLineAsync(HarnessCommand.Usage);
    return 1;
}

var folder = ScratchFolder.Create("settlement-harness");

Console.WriteLine($"fault harness: {string.Join(", ", command.Scenarios)}{(command.Quick ? " (quick)" : string.Empty)}, seed {command.Seed}, folder {folder}");
var results = new List<ScenarioResult>();
await using (var cluster = await HarnessCluster.StartAsync(folder, CancellationToken.None))
{
    Console.WriteLine($"PostgreSQL cluster on 127.0.0.1:{cluster.Port} ({cluster.DataDirectory}); worker {Path.Combine(AppContext.BaseDirectory, "Settlement.Worker.dll")}");
    var context = new HarnessContext(cluster, folder, command.Quick, command.Seed);
    foreach (var name in command.Scenarios)
    {
        IScenario scenario = name switch
        {
            "kills" => new KillsScenario(context),
            "postgres-restart" => new PostgresRestartScenario(context),
            "faults" => new FaultsScenario(context),
            _ => new InstancesScenario(context),
        };
        results.Add(await ScenarioRunner.RunAsync(scenario));
    }
}

SummaryTable.Print(results);
var passed = results.All(result => result.Passed);
if (passed && !command.Keep)
{
    Directory.Delete(folder, recursive: true);
}
else
{
    Console.WriteLine($"logs and databases kept in {folder}");
}

return passed ? 0 : 2;
