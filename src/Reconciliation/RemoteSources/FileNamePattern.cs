using System.Text;
using System.Text.RegularExpressions;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// Which remote file names a source takes: a shell-style pattern, <c>*</c> for any run of characters and <c>?</c>
/// for one (<c>settlement_*.csv</c>). Matched against the whole name, case-sensitively, as remote servers name files.
/// </summary>
public sealed class FileNamePattern
{
    private readonly Regex _regex;

    private FileNamePattern(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
    }

    public string Text { get; }

    public static Result<FileNamePattern, string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the file-name pattern is empty: give one such as * or settlement_*.csv";
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            return $"the file-name pattern '{text}' names a folder: give the folder as RemoteFolder and only the name here";
        }

        var expression = new StringBuilder("^");
        foreach (var character in text.Trim())
        {
            expression.Append(character switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(character.ToString()),
            });
        }

        expression.Append('$');
        return new FileNamePattern(text.Trim(), new Regex(expression.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    public bool Matches(string name) => _regex.IsMatch(name);

    public override string ToString() => Text;
}
