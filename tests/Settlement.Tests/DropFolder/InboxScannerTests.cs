using NodaTime;
using Settlement.Worker.DropFolder;
using Settlement.Worker.Ingestion;

namespace Settlement.Tests.DropFolder;

public sealed class InboxScannerTests : IDisposable
{
    private static readonly Duration StableFor = Duration.FromSeconds(2);
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 2, 0);

    private readonly string _inbox = Directory.CreateTempSubdirectory("settlement-inbox-").FullName;

    [Fact]
    public void A_file_is_ready_once_its_size_held_still_long_enough()
    {
        var scanner = new InboxScanner(_inbox, StableFor, requireDoneMarker: false);
        var file = Write("settlement.csv", "line_id\n");

        Assert.Empty(scanner.ReadyFiles(Start));
        Assert.Empty(scanner.ReadyFiles(Start + Duration.FromSeconds(1)));
        Assert.Equal([file], scanner.ReadyFiles(Start + StableFor));
    }

    [Fact]
    public void A_file_still_growing_is_not_ready()
    {
        var scanner = new InboxScanner(_inbox, StableFor, requireDoneMarker: false);
        var file = Write("settlement.csv", "line_id\n");
        scanner.ReadyFiles(Start);

        File.AppendAllText(file, "1\n");

        Assert.Empty(scanner.ReadyFiles(Start + StableFor));
        Assert.Equal([file], scanner.ReadyFiles(Start + StableFor + StableFor));
    }

    [Theory]
    [InlineData("settlement.csv.tmp")]
    [InlineData("settlement.csv.part")]
    [InlineData(".settlement.csv")]
    [InlineData("settlement.csv.done")]
    [InlineData("settlement.csv.error.txt")]
    [InlineData("settlement.csv.errors.csv")]
    public void Temporary_hidden_and_report_files_are_never_taken(string name)
    {
        var scanner = new InboxScanner(_inbox, StableFor, requireDoneMarker: false);
        Write(name, "line_id\n");

        scanner.ReadyFiles(Start);

        Assert.Empty(scanner.ReadyFiles(Start + StableFor + StableFor));
    }

    [Fact]
    public void With_markers_required_a_file_waits_for_its_done_marker()
    {
        var scanner = new InboxScanner(_inbox, StableFor, requireDoneMarker: true);
        var file = Write("settlement.csv", "line_id\n");

        Assert.Empty(scanner.ReadyFiles(Start + Duration.FromHours(1)));
        Write("settlement.csv.done", string.Empty);

        Assert.Equal([file], scanner.ReadyFiles(Start + Duration.FromHours(1)));
    }

    [Fact]
    public void Archiving_never_overwrites_a_file_of_the_same_name_and_takes_the_marker_along()
    {
        var root = Directory.CreateTempSubdirectory("settlement-moves-").FullName;
        var mover = new FileMover(Path.Combine(root, "archive"), Path.Combine(root, "quarantine"));
        var date = new LocalDate(2026, 11, 25);

        var first = mover.Archive(Write("settlement.csv", "a\n"), date, 1);
        Write("settlement.csv.done", string.Empty);
        var second = mover.Archive(Write("settlement.csv", "b\n"), date, 2);

        Assert.Equal(Path.Combine(root, "archive", "2026-11-25", "settlement.csv"), first);
        Assert.Equal(Path.Combine(root, "archive", "2026-11-25", "settlement.2.csv"), second);
        Assert.Equal("a\n", File.ReadAllText(first));
        Assert.Equal("b\n", File.ReadAllText(second));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_inbox));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void A_quarantined_file_has_its_reason_beside_it()
    {
        var root = Directory.CreateTempSubdirectory("settlement-moves-").FullName;
        var mover = new FileMover(Path.Combine(root, "archive"), Path.Combine(root, "quarantine"));

        var moved = mover.Quarantine(Write("garbage.csv", "\0\0\0"), 7, "binary content: not a CSV file");

        Assert.Equal(Path.Combine(root, "quarantine", "garbage.csv"), moved);
        Assert.Equal("binary content: not a CSV file\n", File.ReadAllText(moved + ".error.txt"));
        Directory.Delete(root, recursive: true);
    }

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllText(path, content);
        return path;
    }
}
