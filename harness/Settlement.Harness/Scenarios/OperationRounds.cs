using Settlement.Harness.Data;
using Settlement.Harness.Infrastructure;
using Settlement.Harness.Reporting;

namespace Settlement.Harness.Scenarios;

/// <summary>
/// Sends a plan through the workers' operations API (spread over the workers given), waits until every operation
/// has finished, and retries the failed ones as a person would (declines wait for a person) until none is left.
/// </summary>
internal sealed class OperationRounds(IReadOnlyList<OperationsClient> workers, ScenarioLog log)
{
    private static readonly string[] Finished = ["succeeded", "failed", "needs-review"];

    public const int MaxPersonRounds = 10;

    public async Task<IReadOnlyList<string>> RequestAsync(OperationPlan plan, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < plan.Operations.Count; i++)
        {
            var operation = plan.Operations[i];
            var (id, answer) = await workers[i % workers.Count].RequestAsync(operation.Kind, operation.ReferencedId, operation.Amount, cancellationToken);
            if (id is null)
            {
                refused.Add($"{operation.Kind} on {operation.ReferencedId}: {answer}");
            }
            else
            {
                ids.Add(id);
            }
        }

        log.Record("every operation accepted", refused.Count == 0, $"{ids.Count} of {plan.Operations.Count} accepted (202){(refused.Count > 0 ? "; first refusal: " + refused[0] : string.Empty)}");
        return ids;
    }

    /// <summary>Waits for every operation, retrying failed ones; returns the retries a person made and the final statuses.</summary>
    public async Task<(int PersonRetries, IReadOnlyDictionary<string, string> Statuses)> FinishAsync(IReadOnlyList<string> ids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var retries = 0;
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round <= MaxPersonRounds; round++)
        {
            statuses = await WaitAllFinishedAsync(ids, timeout, cancellationToken);
            var failed = statuses.Where(status => status.Value == "failed").Select(status => status.Key).ToList();
            if (failed.Count == 0 || round == MaxPersonRounds)
            {
                break;
            }

            foreach (var id in failed)
            {
                if (await workers[retries % workers.Count].RetryAsync(id, cancellationToken))
                {
                    retries++;
                }
            }
        }

        return (retries, statuses);
    }

    private async Task<Dictionary<string, string>> WaitAllFinishedAsync(IReadOnlyList<string> ids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await Eventually.TrueAsync(
            async token =>
            {
                foreach (var id in ids)
                {
                    if (!statuses.TryGetValue(id, out var known) || !Finished.Contains(known))
                    {
                        statuses[id] = await StatusOrUnknownAsync(id, token);
                    }
                }

                return statuses.Values.All(Finished.Contains);
            },
            timeout,
            cancellationToken,
            pollMilliseconds: 1000);

        // Statuses read before a retry may be stale: read them all once more.
        foreach (var id in ids)
        {
            statuses[id] = await StatusOrUnknownAsync(id, cancellationToken);
        }

        return statuses;
    }

    private async Task<string> StatusOrUnknownAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var worker in workers)
        {
            try
            {
                return (await worker.StatusAsync(id, cancellationToken)).Status;
            }
            catch (HttpRequestException)
            {
                // That worker is away (restarting, or its database is): ask another, or next time.
            }
        }

        return "unknown";
    }
}
