using Settlement.Harness.Reporting;

namespace Settlement.Harness.State;

/// <summary>Compares two canonical dumps section by section; a difference names the section and the first rows that differ.</summary>
internal static class DumpComparison
{
    public static IReadOnlyList<Check> Compare(IReadOnlyList<DumpSection> expected, IReadOnlyList<DumpSection> actual, string expectedName, string actualName)
    {
        var checks = new List<Check>();
        foreach (var (want, got) in expected.Zip(actual))
        {
            var name = $"{want.Name} equal to the {expectedName}";
            var firstDifference = Enumerable.Range(0, Math.Min(want.Rows.Count, got.Rows.Count)).FirstOrDefault(i => !string.Equals(want.Rows[i], got.Rows[i], StringComparison.Ordinal), -1);
            if (firstDifference < 0 && want.Rows.Count == got.Rows.Count)
            {
                checks.Add(Check.That(name, true, $"{got.Rows.Count} rows, identical"));
                continue;
            }

            var at = firstDifference < 0 ? Math.Min(want.Rows.Count, got.Rows.Count) : firstDifference;
            checks.Add(Check.That(
                name,
                false,
                $"{expectedName} {want.Rows.Count} rows, {actualName} {got.Rows.Count}; first difference at row {at}: {expectedName} {Show(want.Rows, at)} / {actualName} {Show(got.Rows, at)}"));
        }

        return checks;
    }

    private static string Show(IReadOnlyList<string> rows, int index) =>
        index < rows.Count ? $"'{(rows[index].Length > 300 ? rows[index][..300] + "…" : rows[index])}'" : "(none)";
}
