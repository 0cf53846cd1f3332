namespace Settlement.Harness.Reporting;

/// <summary>One thing a scenario verified, with what it saw.</summary>
internal sealed record Check(string Name, bool Passed, string Detail)
{
    public static Check That(string name, bool passed, string detail) => new(name, passed, detail);
}
