namespace Settlement.Reconciliation.RemoteSources;

/// <summary>What one pull of a source did: each file it dealt with, the bytes it fetched, or why it could not run.</summary>
public sealed record PullReport(string Source, IReadOnlyList<PulledFile> Files, long BytesDownloaded, RemoteSourceException? Failure)
{
    public int Taken => Files.Count(file => file.IsTaken);

    public int Failed => Files.Count(file => file.Outcome == "failed");

    /// <summary>One line for the run history and the log: <c>source acme: 3 taken (3 processed), 1204 bytes, 1 still-writing</c>.</summary>
    public string Summary
    {
        get
        {
            if (Failure is { } failure)
            {
                return $"source {Source}: {failure.Kind.ToCode()}: {failure.Message}";
            }

            var taken = string.Join(", ", Files.Where(file => file.IsTaken).GroupBy(file => file.Outcome).Select(group => $"{group.Count()} {group.Key}"));
            var others = Files.Where(file => !file.IsTaken && file.Outcome != "already-taken").GroupBy(file => file.Outcome).Select(group => $", {group.Count()} {group.Key}");
            return $"source {Source}: {Taken} taken{(taken.Length > 0 ? $" ({taken})" : string.Empty)}, {BytesDownloaded} bytes{string.Concat(others)}";
        }
    }
}
