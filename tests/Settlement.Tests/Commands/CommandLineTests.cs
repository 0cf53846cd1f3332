using System.CommandLine;
using NodaTime;
using Settlement.Worker.Commands;

namespace Settlement.Tests.Commands;

/// <summary>How the command line reads every command, its settings, its help and its mistakes (in process).</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string, WorkerCommand> EveryCommandAsSpelledBefore => new()
    {
        { string.Empty, new RunCommand() },
        { "run", new RunCommand() },
        { "demo", new DemoCommand(ExitWhenDone: false) },
        { "demo --exit", new DemoCommand(ExitWhenDone: true) },
        { "report", new ReportCommand(null, Json: false) },
        { "report --date 2026-11-24 --json", new ReportCommand(new LocalDate(2026, 11, 24), Json: true) },
        { "exceptions", new ExceptionsCommand(OpenOnly: false, Json: false, Csv: false) },
        { "exceptions --open --csv", new ExceptionsCommand(OpenOnly: true, Json: false, Csv: true) },
        { "exceptions --json", new ExceptionsCommand(OpenOnly: false, Json: true, Csv: false) },
        { "exceptions resolve 12 --note fixed --by jane", new ResolveExceptionCommand(12, "fixed", "jane") },
        { "schedules", new SchedulesCommand(Json: false) },
        { "schedules --json", new SchedulesCommand(Json: true) },
        { "sweep captures", new SweepCapturesCommand(DryRun: false, Json: false) },
        { "sweep captures --dry-run --json", new SweepCapturesCommand(DryRun: true, Json: true) },
        { "op list", new OpListCommand(FailedOnly: false, Json: false) },
        { "op retry abc", new OpRetryCommand("abc") },
        { "op unhold pa1 --by jane", new OpUnholdCommand("pa1", "jane") },
        { "sources list", new SourcesListCommand(Json: false) },
        { "sources list --json", new SourcesListCommand(Json: true) },
        { "sources check acme", new SourcesCheckCommand("acme") },
        { "sources pull acme", new SourcesPullCommand("acme") },
    };

    [Theory]
    [MemberData(nameof(EveryCommandAsSpelledBefore))]
    public void Every_command_and_option_keeps_the_spelling_it_had(string line, WorkerCommand expected)
    {
        var (command, settings) = CommandLine.Parse(Words(line));

        Assert.Equal(expected, command);
        Assert.Empty(settings);
    }

    [Fact]
    public void Ingest_takes_several_files_and_folders_with_json()
    {
        var command = Assert.IsType<IngestCommand>(CommandLine.Parse(["ingest", "a.csv", "samples/files", "--json"]).Command);

        Assert.Equal(["a.csv", "samples/files"], command.Paths);
        Assert.True(command.Json);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("demo --exit")]
    [InlineData("ingest a.csv")]
    [InlineData("report --date 2026-11-24")]
    [InlineData("exceptions --open")]
    [InlineData("exceptions resolve 12 --note fixed")]
    [InlineData("schedules")]
    [InlineData("sweep captures --dry-run")]
    [InlineData("op refund abc 12.50 EUR")]
    [InlineData("op hold pa1 --note why")]
    [InlineData("sources pull acme")]
    public void Settings_anywhere_on_any_command_are_settings_and_not_the_commands_arguments(string line)
    {
        string[] settings = ["--Settlement:DataDirectory=/srv/settlement", "--Urls=http://127.0.0.1:0", "--Settlement:Schedules:MisfireThreshold=00:02:00"];
        var words = Words(line);
        string[] args = [settings[0], .. words.Take(1), settings[1], .. words.Skip(1), settings[2]];

        var (withSettings, taken) = CommandLine.Parse(args);

        Assert.Equal(settings, taken);
        Assert.Equal(CommandLine.Parse(words).Command.GetType(), withSettings.GetType());
        Assert.IsNotType<UsageError>(withSettings);
    }

    [Fact]
    public void A_name_value_option_of_a_command_belongs_to_the_command_not_to_the_settings()
    {
        var (command, settings) = CommandLine.Parse(["report", "--date=2026-11-24", "--Settlement:DataDirectory=/srv"]);

        Assert.Equal(new ReportCommand(new LocalDate(2026, 11, 24), Json: false), command);
        Assert.Equal(["--Settlement:DataDirectory=/srv"], settings);
    }

    [Fact]
    public void Help_on_every_command_is_the_same_for_help_command_and_for_the_help_option_and_exits_0()
    {
        foreach (var path in CommandPaths(CommandLine.Root()))
        {
            var shown = Assert.IsType<HelpText>(CommandLine.Parse([.. path, "--help"]).Command);

            Assert.Equal(0, shown.ExitCode);
            Assert.Contains("Usage:", shown.Text, StringComparison.Ordinal);
            Assert.Contains(string.Join(' ', ["settlement", .. path]), shown.Text, StringComparison.Ordinal);
            Assert.Contains("Settings (on every command):", shown.Text, StringComparison.Ordinal);
            Assert.Equal(shown, CommandLine.Parse(["help", .. path]).Command);
            Assert.Equal(shown, CommandLine.Parse([.. path, "-h"]).Command);
        }
    }

    [Fact]
    public void Every_command_argument_and_option_has_a_description()
    {
        foreach (var path in CommandPaths(CommandLine.Root()))
        {
            var command = Find(path);
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"settlement {string.Join(' ', path)} has no description");
            foreach (var symbol in command.Arguments.Cast<Symbol>().Concat(command.Options))
            {
                Assert.False(string.IsNullOrWhiteSpace(symbol.Description), $"{symbol.Name} of settlement {string.Join(' ', path)} has no description");
            }
        }
    }

    [Fact]
    public void Every_command_that_runs_shows_examples_and_its_exit_codes_in_its_help()
    {
        foreach (var path in CommandPaths(CommandLine.Root()).Where(path => path.Length > 0 && Find(path).Action is CommandBinding))
        {
            var verb = Assert.IsType<Verb>(Find(path));
            var help = Assert.IsType<HelpText>(CommandLine.Parse(["help", .. path]).Command).Text;

            Assert.NotEmpty(verb.Examples);
            Assert.NotEmpty(verb.ExitCodes);
            Assert.Contains("Examples:\n  # " + verb.Examples[0].WhatItDoes + "\n  " + verb.Examples[0].Line, help.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("Exit codes:\n  0 ", help.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("reprot", "settlement: unknown command 'reprot' (did you mean 'report'?); see 'settlement help'")]
    [InlineData("ingets a.csv", "settlement: unknown command 'ingets' (did you mean 'ingest'?); see 'settlement help'")]
    [InlineData("report --jsn", "settlement: report: unknown option '--jsn' (did you mean '--json'?); see 'settlement help report'")]
    [InlineData("ingest a.csv --jsn", "settlement: ingest: unknown option '--jsn' (did you mean '--json'?); see 'settlement help ingest'")]
    [InlineData("op refnd abc", "settlement: op: unknown command 'refnd' (did you mean 'refund'?); see 'settlement help op'")]
    [InlineData("sweep capture", "settlement: sweep: unknown command 'capture' (did you mean 'captures'?); see 'settlement help sweep'")]
    [InlineData("exceptions resolv 5", "settlement: exceptions: unknown command 'resolv' (did you mean 'resolve'?); see 'settlement help exceptions'")]
    [InlineData("help reprot", "settlement: help: no command 'reprot' (did you mean 'report'?); see 'settlement help'")]
    public void A_typo_is_answered_with_the_nearest_spelling_in_one_line(string line, string expected)
    {
        var error = Assert.IsType<UsageError>(CommandLine.Parse(Words(line)).Command);

        Assert.Equal(expected, "settlement: " + error.Message);
    }

    [Theory]
    [InlineData("ingest", "ingest: required argument 'file-or-folder' missing for command: 'ingest'; see 'settlement help ingest'")]
    [InlineData("op", "op: name what to do: capture, reverse, refund, rebill, chargeback, chargeback-reversal, payout, list, retry, approve, reject, cancel, hold, unhold; see 'settlement help op'")]
    [InlineData("report --date 2026-13-01", "report: '2026-13-01' is not a date YYYY-MM-DD, e.g. --date 2026-11-24; see 'settlement help report'")]
    [InlineData("exceptions --json --csv", "exceptions: choose --json or --csv, not both; see 'settlement help exceptions'")]
    [InlineData("exceptions resolve 12", "exceptions resolve: option '--note' is required; see 'settlement help exceptions resolve'")]
    [InlineData("op hold pa1 --note", "op hold: required argument missing for option: '--note'; see 'settlement help op hold'")]
    [InlineData("op refund abc 12.50", "op refund: give the currency after the amount, e.g. 12.50 EUR; see 'settlement help op refund'")]
    [InlineData("op refund abc --bogus", "op refund: unknown option '--bogus'; see 'settlement help op refund'")]
    [InlineData("run now", "run: unexpected argument 'now'; see 'settlement help run'")]
    public void A_usage_error_says_what_to_fix_and_where_the_help_is(string line, string expected)
    {
        var error = Assert.IsType<UsageError>(CommandLine.Parse(Words(line)).Command);

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Nearest_name_counts_a_swap_of_neighbours_as_one_edit_and_guesses_nothing_far()
    {
        Assert.Equal(1, NearestName.Distance("reprot", "report"));
        Assert.Equal(2, NearestName.Distance("rport", "reports"));
        Assert.Equal(string.Empty, NearestName.Suggestion("xyz", ["report", "run", "ingest"]));
        Assert.Equal(" (did you mean 'exceptions'?)", NearestName.Suggestion("exc", ["exceptions", "ingest"]));
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Command Find(string[] path)
    {
        Command command = CommandLine.Root();
        foreach (var word in path)
        {
            command = command.Subcommands.Single(sub => sub.Name == word);
        }

        return command;
    }

    /// <summary>The words of every command in the tree, the root (no words) first.</summary>
    private static IEnumerable<string[]> CommandPaths(Command command, string[]? path = null)
    {
        path ??= [];
        yield return path;
        foreach (var sub in command.Subcommands)
        {
            foreach (var below in CommandPaths(sub, [.. path, sub.Name]))
            {
                yield return below;
            }
        }
    }
}
