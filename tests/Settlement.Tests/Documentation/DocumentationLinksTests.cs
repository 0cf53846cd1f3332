using System.Text.RegularExpressions;

namespace Settlement.Tests.Documentation;

/// <summary>
/// The repository stands on its own: its pages link to pages and headings that exist, and nothing a user or a
/// maintainer reads sends them to the engineers' background notes beside the repository.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    // Pages linked before they are written; none now.
    private static readonly string[] PagesBeingWritten = [];

    public static TheoryData<string> Pages => [.. PagesOfTheRepository()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_a_page_names_a_file_and_a_heading_that_exist(string page)
    {
        var path = Path.Combine(RepositoryPaths.Root, page);
        foreach (var link in Links(File.ReadAllText(path)))
        {
            var (file, anchor) = Split(link);
            var target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            var relative = Path.GetRelativePath(RepositoryPaths.Root, target).Replace('\\', '/');
            if (PagesBeingWritten.Contains(relative))
            {
                continue;
            }

            Assert.True(File.Exists(target) || Directory.Exists(target), $"{page} links to {link}, which does not exist");
            if (anchor.Length > 0 && target.EndsWith(".md", StringComparison.Ordinal))
            {
                Assert.True(Headings(File.ReadAllText(target)).Contains(anchor), $"{page} links to {link}, but {relative} has no heading #{anchor}");
            }
        }
    }

    [Fact]
    public void No_page_or_source_file_sends_a_reader_beside_the_repository()
    {
        string[] outside = ["../shared", "DESIGN.md", "DESIGN §", "GATEWAY-API.md", "FORMATS.md"];
        var readable = PagesOfTheRepository()
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*", SearchOption.AllDirectories)
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".sql", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
                .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file)));
        foreach (var file in readable)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, file));
            foreach (var reference in outside)
            {
                Assert.False(text.Contains(reference, StringComparison.Ordinal), $"{file} refers to {reference}, which a clone does not have");
            }
        }
    }

    private static IEnumerable<string> PagesOfTheRepository()
    {
        string[] roots = ["README.md", "bench/README.md", "samples/files/README.md"];
        var docs = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
        return roots.Concat(docs.Order(StringComparer.Ordinal));
    }

    /// <summary>The relative targets of Markdown links, outside code blocks.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        Link().Matches(Fence().Replace(markdown, string.Empty))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal));

    private static (string File, string Anchor) Split(string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (link, string.Empty) : (link[..hash], link[(hash + 1)..]);
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Headings(string markdown) =>
        [.. Heading().Matches(Fence().Replace(markdown, string.Empty))
            .Select(match => NotInAnchor().Replace(match.Groups["title"].Value.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-'))];

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd} _-]")]
    private static partial Regex NotInAnchor();
}
