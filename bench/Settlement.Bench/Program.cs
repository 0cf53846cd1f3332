using Settlement.Reconciliation.Files;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Ledger;
using Settlement.Worker.Database;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

// Ingestion benchmark (issue: drop-folder ingestion). Generates a canonical settlement file of N lines,
// ingests it through the real pipeline (parse, validate, binary COPY, dedupe, one transaction) into an
// embedded PostgreSQL, and in the same run times `psql \copy` of the same file into an unlogged table of text
// columns: the floor any loader is compared with. Prints one markdown row. With BENCH_PARSE_ONLY=1 it also
// times parsing alone (our reader) and a raw CsvHelper pass over every field, to tell parsing from loading.
//
//   dotnet run -c Release --project bench/Settlement.Bench -- ingest <lines>
//   dotnet run -c Release --project bench/Settlement.Bench -- operations <count>   (OperationsBenchmark.cs)
//   dotnet run -c Release --project bench/Settlement.Bench -- matching <lines>     (MatchingBenchmark.cs)
//   dotnet run -c Release --project bench/Settlement.Bench -- history [payments, 10000000] [night lines, 100000]   (HistoryBenchmark.cs)
//   dotnet run -c Release --project bench/Settlement.Bench -- rematch <folder kept by BENCH_KEEP=1 matching>
//   dotnet run -c Release --project bench/Settlement.Bench -- night <folder kept by BENCH_KEEP=1 matching> <lines>
//   dotnet run -c Release --project bench/Settlement.Bench -- capture-sweep <pas> <due>   (CaptureSweepBenchmark.cs)
//   dotnet run -c Release --project bench/Settlement.Bench -- huge-field <MB> <lines>   a file whose second line holds one
//       field of that size: it must be one line error and the ingest's peak memory stay bounded (issue: real reports)
if (args.Length == 3 && args[0] == "capture-sweep"
    && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sweepTotal)
    && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sweepDue)
    && sweepDue > 0 && sweepDue <= sweepTotal)
{
    return await Settlement.Bench.CaptureSweepBenchmark.RunAsync(sweepTotal, sweepDue);
}

if (args.Length == 2 && args[0] == "operations" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var operations) && operations > 0)
{
    return await Settlement.Bench.OperationsBenchmark.RunAsync(operations);
}

if (args.Length == 2 && args[0] == "matching" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var matchLines) && matchLines > 0)
{
    return await Settlement.Bench.MatchingBenchmark.RunAsync(matchLines);
}

if (args.Length is >= 1 and <= 3 && args[0] == "history")
{
    var history = args.Length >= 2 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : 10_000_000;
    var night = args.Length == 3 && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100_000;
    return await Settlement.Bench.HistoryBenchmark.RunAsync(history, night);
}

if (args.Length == 2 && args[0] == "rematch")
{
    return await Settlement.Bench.MatchingBenchmark.RematchAsync(args[1]);
}

if (args.Length == 3 && args[0] == "night" && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var nightLines) && nightLines > 0)
{
    return await Settlement.Bench.MatchingBenchmark.NightAsync(args[1], nightLines);
}

var hugeField = 0;
if (args.Length == 3 && args[0] == "huge-field" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out hugeField) && hugeField > 0)
{
    args = ["ingest", args[2]];
}

if (args.Length != 2 || args[0] != "ingest" || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var lines))
{
    await Console.Error.WriteLineAsync("usage: Settlement.Bench ingest <lines> | operations <count> | matching <lines> | history [payments] [night lines] | rematch <kept folder> | night <kept folder> <lines> | capture-sweep <pas> <due>");
    return 1;
}

var folder = ScratchFolder.Create("settlement-bench");

try
{
    await using var server = await ScratchPostgres.StartMigratedAsync(folder, "bench", CancellationToken.None);
    var file = Path.Combine(folder, "settlement.csv");
    await GenerateAsync(file, lines, hugeField);
    var size = new FileInfo(file).Length;

    var floor = await Settlement.Bench.PsqlCopy.IntoUnloggedTableAsync(server, "raw_settlement", 15, file);
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
    {
        Console.WriteLine($"kept: {folder} {server.ConnectionString}");
    }

    if (Environment.GetEnvironmentVariable("BENCH_PARSE_ONLY") == "1")
    {
        var parse = Stopwatch.StartNew();
        await using var input = File.OpenRead(file);
        var opened = await Settlement.Reconciliation.Files.CanonicalFileReader.OpenAsync(input);
        long count = 0;
        await foreach (var parsed in opened.Value.ReadLinesAsync())
        {
            count += parsed.IsSuccess ? 1 : 0;
        }

        Console.WriteLine($"parse only: {count} lines in {parse.Elapsed.TotalSeconds:F2} s");
        var raw = Stopwatch.StartNew();
        await using var rawInput = File.OpenRead(file);
        var csv = CsvHelper.CsvReader.Create(rawInput, new CsvHelper.CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        await csv.ReadHeaderAsync();
        long rawCount = 0;
        while (await csv.ReadAsync())
        {
            for (var field = 0; field < csv.FieldCount; field++)
            {
                rawCount += csv.GetString(field).Length > 0 ? 0 : 1;
            }

            rawCount++;
        }

        Console.WriteLine($"raw CsvHelper read of every field: {rawCount} in {raw.Elapsed.TotalSeconds:F2} s");
    }

    var (elapsed, result) = await IngestAsync(server, folder, file);
    using var self = Process.GetCurrentProcess();
    var peak = self.PeakWorkingSet64;

    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {lines:N0} | {size / 1e6:F0} MB | {elapsed.TotalSeconds:F2} s | {lines / elapsed.TotalSeconds:N0} | {floor.TotalSeconds:F2} s | {elapsed / floor:F2}× | {peak / 1e6:F0} MB | {result.LinesOk:N0} ok, {result.LinesRejected} rejected |"));
    if (hugeField > 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"huge field: {hugeField} MB on line 2; {result.LinesRejected} line error(s), peak working set {peak / 1e6:F0} MB"));
        return result.LinesRejected == 1 && result.LinesOk == lines - 1 ? 0 : 2;
    }

    return result.LinesOk == lines ? 0 : 2;
}
finally
{
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1")
    {
        Directory.Delete(folder, recursive: true);
    }
}

static async Task GenerateAsync(string path, int lines, int hugeFieldMegabytes)
{
    await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
    await writer.WriteAsync("line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount,card_brand,card_last4\n");
    var line = new StringBuilder(256);
    for (var i = 0; i < lines; i++)
    {
        var gross = 100 + (i % 99_900);
        var fee = gross / 100;
        line.Clear();
        line.Append(CultureInfo.InvariantCulture, $"STL-{i:D9},2026-11-24,B-{i / 10_000:D5},SETTLED,8ac7a4a1{i:D24},");
        if (i == 0 && hugeFieldMegabytes > 0)
        {
            // The merchant reference of the first data line is megabytes long: written in pieces, never held whole.
            await writer.WriteAsync(line);
            line.Clear();
            var piece = new string('x', 1 << 20);
            for (var megabyte = 0; megabyte < hugeFieldMegabytes; megabyte++)
            {
                await writer.WriteAsync(piece);
            }
        }
        else
        {
            line.Append(CultureInfo.InvariantCulture, $"ORD-{i:D9}");
        }

        line.Append(CultureInfo.InvariantCulture, $",7498750632700{i:D10},");
        line.Append(CultureInfo.InvariantCulture, $"{gross / 100}.{gross % 100:D2},EUR,EUR,1,{fee / 100}.{fee % 100:D2},{(gross - fee) / 100}.{(gross - fee) % 100:D2},VISA,{i % 10_000:D4}\n");
        await writer.WriteAsync(line);
    }
}

static async Task<(TimeSpan Elapsed, IngestionResult Result)> IngestAsync(EmbeddedPostgres server, string folder, string file)
{
    var builder = new NpgsqlDataSourceBuilder(server.ConnectionString);
    builder.UseNodaTime();
    await using var dataSource = builder.Build();
#pragma warning disable RS0030 // A benchmark's composition root: real time is what it measures.
    var clock = SystemClock.Instance;
#pragma warning restore RS0030
    var paths = new DropFolderPaths(Options.Create(new DatabaseOptions { DataDirectory = folder }), Options.Create(new DropFolderOptions()));
    var ingestion = new FileIngestion(
        dataSource,
        new IntakeStore(dataSource, clock, NullLogger<IntakeStore>.Instance),
        new FileTransactionLoader(clock),
        paths,
        new WorkerInstance(),
        clock,
        NullLogger<FileIngestion>.Instance);
    var stopwatch = Stopwatch.StartNew();
    var result = await ingestion.IngestAsync(file, keepOriginal: true, progress: null, CancellationToken.None);
    return (stopwatch.Elapsed, result);
}
