using System.Globalization;

namespace Settlement.Harness;

/// <summary>The command line: <c>[all|kills|faults|instances|postgres-restart] [--quick] [--seed N] [--keep]</c>.</summary>
internal sealed record HarnessCommand(IReadOnlyList<string> Scenarios, bool Quick, int Seed, bool Keep)
{
    public static readonly string[] All = ["kills", "postgres-restart", "faults", "instances"];

    public const string Usage = "usage: Settlement.Harness [all|kills|faults|instances|postgres-restart] [--quick] [--seed N] [--keep]";

    public static HarnessCommand? Parse(IReadOnlyList<string> args)
    {
        var scenarios = new List<string>();
        var quick = false;
        var keep = false;
        var seed = 20261125;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--seed" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                    seed = parsed;
                    i++;
                    break;
                case "all":
                    scenarios.AddRange(All);
                    break;
                case var name when All.Contains(name, StringComparer.Ordinal):
                    scenarios.Add(name);
                    break;
                default:
                    return null;
            }
        }

        return new HarnessCommand(scenarios.Count == 0 ? All : scenarios.Distinct(StringComparer.Ordinal).ToList(), quick, seed, keep);
    }
}
