using NodaTime;
using Settlement.Reconciliation.RemoteSources;

namespace Settlement.Tests.RemoteSources;

public sealed class FetchRulesTests
{
    private static readonly Instant Noon = Instant.FromUtc(2026, 11, 24, 12, 0);

    [Fact]
    public void A_file_whose_size_changed_between_the_listings_is_still_being_written()
    {
        var first = new[] { Entry("a.csv", 100) };
        var second = new[] { Entry("a.csv", 180) };

        var planned = Assert.Single(FetchRules.Plan(Source(), first, second, _ => false));

        Assert.Equal(FetchDecision.StillWriting, planned.Decision);
    }

    [Fact]
    public void A_file_whose_time_changed_between_the_listings_is_still_being_written_even_at_the_same_size()
    {
        var planned = Assert.Single(FetchRules.Plan(Source(), [Entry("a.csv", 100)], [Entry("a.csv", 100, Noon + Duration.FromSeconds(1))], _ => false));

        Assert.Equal(FetchDecision.StillWriting, planned.Decision);
    }

    [Fact]
    public void A_file_that_held_still_is_taken_and_one_taken_before_is_not()
    {
        var listing = new[] { Entry("a.csv", 100), Entry("b.csv", 200) };

        var planned = FetchRules.Plan(Source(), listing, listing, entry => entry.Name == "b.csv");

        Assert.Equal([FetchDecision.Take, FetchDecision.AlreadyTaken], planned.Select(file => file.Decision));
    }

    [Fact]
    public void With_a_marker_convention_a_file_waits_for_its_marker_which_is_never_a_data_file()
    {
        var source = Source(marker: ".done");
        var withoutMarker = new[] { Entry("a.csv", 100) };
        var withMarker = new[] { Entry("a.csv", 100), Entry("a.csv.done", 0) };

        Assert.Equal(FetchDecision.AwaitingMarker, Assert.Single(FetchRules.Plan(source, withoutMarker, withoutMarker, _ => false)).Decision);
        var taken = Assert.Single(FetchRules.Plan(source, withMarker, withMarker, _ => false));
        Assert.Equal(FetchDecision.Take, taken.Decision);
        Assert.Equal("a.csv.done", taken.Marker?.Name);
    }

    [Fact]
    public void Upload_names_hidden_files_checksum_files_and_names_outside_the_pattern_are_not_data_files()
    {
        var listing = new[]
        {
            Entry("settlement_1.csv", 1), Entry("settlement_2.csv.part", 1), Entry(".settlement_3.csv", 1),
            Entry("settlement_1.csv.sha256", 1), Entry("chargebacks_1.csv", 1), Entry("settlement_4.csv.filepart", 1),
        };

        var data = FetchRules.DataFiles(Source(pattern: "settlement_*.csv*"), listing);

        Assert.Equal(["settlement_1.csv"], data.Select(entry => entry.Name));
    }

    [Fact]
    public void A_file_gone_at_the_second_listing_is_not_taken()
    {
        var planned = Assert.Single(FetchRules.Plan(Source(), [Entry("a.csv", 1)], [], _ => false));

        Assert.Equal(FetchDecision.Gone, planned.Decision);
    }

    [Theory]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  report.csv\n")]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData("\uFEFF9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 *report.csv")]
    public void A_checksum_file_is_read_as_sha256sum_writes_it(string content) =>
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Convert.ToHexStringLower(FetchRules.ChecksumOf(content)!));

    [Theory]
    [InlineData("")]
    [InlineData("not a checksum")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    public void A_checksum_file_without_64_hex_digits_holds_none(string content) => Assert.Null(FetchRules.ChecksumOf(content));

    [Fact]
    public void A_pattern_matches_whole_names_with_star_and_question_mark()
    {
        var pattern = FileNamePattern.Parse("SDR_????-*.csv").Value;

        Assert.True(pattern.Matches("SDR_2026-11-24.csv"));
        Assert.False(pattern.Matches("SDR_26-11-24.csv"));
        Assert.False(pattern.Matches("old_SDR_2026-11-24.csv"));
        Assert.False(pattern.Matches("SDR_2026-11-24.csv.done"));
    }

    private static RemoteSource Source(string? marker = null, string pattern = "*") =>
        new("acme", "/outgoing", FileNamePattern.Parse(pattern).Value, marker, ".sha256", AfterTaken.Leave, null, Duration.FromSeconds(5));

    private static RemoteEntry Entry(string name, long size, Instant? modified = null) => new(name, size, modified ?? Noon);
}
