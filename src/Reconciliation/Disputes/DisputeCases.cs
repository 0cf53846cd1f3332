using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Disputes;

/// <summary>
/// Reads dispute events as cases (one per source and case id) and counts what was won and lost per month. A case's
/// stage is its latest event; it is won by a chargeback reversal or an arbitration won, lost by an arbitration lost,
/// and open otherwise — a second chargeback after a reversal reopens it, since the merchant may still take it to
/// arbitration. A decided case counts in the month of the event that decided it.
/// </summary>
public static class DisputeCases
{
    /// <param name="events">The events, in the order they happened (event date, then file and line).</param>
    public static IReadOnlyList<DisputeCase> Of(IEnumerable<DisputeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .GroupBy(item => (item.Source, item.DisputeId))
            .Select(group => CaseOf([.. group]))
            .OrderBy(item => item.ReplyBy is null)
            .ThenBy(item => item.ReplyBy)
            .ThenBy(item => item.OpenedOn)
            .ThenBy(item => item.DisputeId, StringComparer.Ordinal)];
    }

    /// <summary>Won and lost cases per month of decision and currency, newest month first.</summary>
    public static IReadOnlyList<MonthlyDisputeOutcomes> OutcomesByMonth(IEnumerable<DisputeCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return [.. cases
            .Where(item => item is { Outcome: not DisputeOutcome.Open, DecidedOn: not null, Amount: not null })
            .GroupBy(item => (Month: item.DecidedOn!.Value.ToYearMonth(), item.Amount!.Value.Currency))
            .Select(group =>
            {
                var won = group.Where(item => item.Outcome == DisputeOutcome.Won).ToList();
                var lost = group.Where(item => item.Outcome == DisputeOutcome.Lost).ToList();
                return new MonthlyDisputeOutcomes(
                    group.Key.Month,
                    group.Key.Currency,
                    won.Count,
                    Sum(won, group.Key.Currency),
                    lost.Count,
                    Sum(lost, group.Key.Currency));
            })
            .OrderByDescending(item => item.Month)
            .ThenBy(item => item.Currency.Code, StringComparer.Ordinal)];
    }

    private static Money Sum(IEnumerable<DisputeCase> cases, Currency currency) =>
        cases.Aggregate(Money.Zero(currency), (total, item) => total + item.Amount!.Value);

    private static DisputeCase CaseOf(IReadOnlyList<DisputeEvent> events)
    {
        var latest = events[^1];
        var outcome = latest.Event switch
        {
            ChargebackEventType.ChargebackReversal or ChargebackEventType.ArbitrationWon => DisputeOutcome.Won,
            ChargebackEventType.ArbitrationLost => DisputeOutcome.Lost,
            _ => DisputeOutcome.Open,
        };
        return new DisputeCase(
            latest.Source,
            latest.DisputeId,
            latest.Event,
            events.LastOrDefault(item => item.Amount is not null)?.Amount,
            events.Select(item => item.Brand).LastOrDefault(brand => brand != CardBrand.Unknown) ?? CardBrand.Unknown,
            events.Select(item => item.PaymentId).LastOrDefault(id => id is not null),
            events.Select(item => item.ReasonCode).LastOrDefault(code => code is not null),
            events.Select(item => item.ReasonText).LastOrDefault(text => text is not null),
            events.Select(item => item.ReplyBy).LastOrDefault(date => date is not null),
            events[0].EventDate,
            outcome,
            outcome == DisputeOutcome.Open ? null : latest.EventDate);
    }
}
