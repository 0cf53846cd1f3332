namespace Settlement.Harness.State;

/// <summary>One part of the canonical state: its rows as text, in a fixed order, with nothing that differs between equal runs (ids, times).</summary>
internal sealed record DumpSection(string Name, IReadOnlyList<string> Rows);
