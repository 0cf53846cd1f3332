using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Notifications;

/// <summary>
/// What is worth a notification. Each subject carries what makes it news: an exception by its id; a dispute deadline by
/// the case and the reply-by date (a new date after a second chargeback is news again); a ratio by brand, month and
/// level (reaching the threshold after the warning is news again). So a fact is told once however often it is decided.
/// </summary>
public static class NotificationRules
{
    /// <summary>The exceptions whose amount is at or above the amount configured for their currency; other currencies are not told.</summary>
    public static IEnumerable<DecidedNotification> ForExceptions(IEnumerable<ExceptionAmount> exceptions, IReadOnlyDictionary<Currency, Money> atLeast)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        ArgumentNullException.ThrowIfNull(atLeast);
        return exceptions
            .Where(item => atLeast.TryGetValue(item.Amount.Currency, out var minimum) && item.Amount >= minimum)
            .Select(item => new DecidedNotification(
                NotificationKind.ExceptionRaised,
                $"exception {item.Id}",
                $"{item.Kind} {item.Amount}: {item.Summary}",
                Json(writer =>
                {
                    writer.WriteNumber("exceptionId", item.Id);
                    writer.WriteString("exceptionKind", item.Kind);
                    writer.WriteString("subject", item.Subject);
                    writer.WriteString("summary", item.Summary);
                    WriteMoney(writer, "amount", item.Amount);
                    writer.WriteString("raisedAt", InstantPattern.General.Format(item.RaisedAt));
                })));
    }

    /// <summary>The open cases to answer within <paramref name="nearDays"/> days of <paramref name="today"/>, or overdue.</summary>
    public static IEnumerable<DecidedNotification> ForDeadlines(IEnumerable<DisputeCase> cases, LocalDate today, int nearDays)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return cases
            .Where(item => item.IsDeadlineNear(today, nearDays))
            .Select(item =>
            {
                var left = item.DaysLeft(today)!.Value;
                var replyBy = LocalDatePattern.Iso.Format(item.ReplyBy!.Value);
                return new DecidedNotification(
                    NotificationKind.DisputeDeadlineNear,
                    $"dispute {item.Source}/{item.DisputeId} reply-by {replyBy}",
                    $"dispute {item.DisputeId} ({item.Stage.ToCode()}{(item.Amount is { } amount ? $", {amount}" : string.Empty)}): reply by {replyBy}, "
                        + (left >= 0 ? $"{left} day{(left == 1 ? string.Empty : "s")} left" : $"{-left} day{(left == -1 ? string.Empty : "s")} overdue"),
                    Json(writer =>
                    {
                        writer.WriteString("disputeId", item.DisputeId);
                        writer.WriteString("source", item.Source);
                        writer.WriteString("stage", item.Stage.ToCode());
                        if (item.Amount is { } disputed)
                        {
                            WriteMoney(writer, "amount", disputed);
                        }

                        writer.WriteString("brand", item.Brand);
                        writer.WriteString("reasonCode", item.ReasonCode);
                        writer.WriteString("reasonText", item.ReasonText);
                        writer.WriteString("paymentId", item.PaymentId);
                        writer.WriteString("replyBy", replyBy);
                        writer.WriteNumber("daysLeft", left);
                    }));
            });
    }

    /// <summary>The brands' months at their warning level or over their threshold.</summary>
    public static IEnumerable<DecidedNotification> ForRatios(IEnumerable<ChargebackRatio> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        return ratios
            .Where(ratio => ratio.Level != RatioLevel.Below)
            .Select(ratio =>
            {
                var month = ratio.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                var level = ratio.Level == RatioLevel.Over ? "over" : "warning";
                var worst = ratio.WorstRatio is { } share ? Percent(share) : "no settled sales";
                return new DecidedNotification(
                    NotificationKind.ChargebackRatio,
                    $"ratio {ratio.Brand} {month} {level}",
                    ratio.Level == RatioLevel.Over
                        ? $"{ratio.Brand} chargeback ratio {month} is {worst}: at or over the threshold of {Percent(ratio.Threshold.Threshold)}"
                        : $"{ratio.Brand} chargeback ratio {month} is {worst}: past the warning level of {Percent(ratio.Threshold.Warning)}, threshold {Percent(ratio.Threshold.Threshold)}",
                    Json(writer =>
                    {
                        writer.WriteString("brand", ratio.Brand);
                        writer.WriteString("month", month);
                        writer.WriteString("level", level);
                        writer.WriteNumber("settledCount", ratio.SettledCount);
                        writer.WriteNumber("chargebackCount", ratio.ChargebackCount);
                        WriteShare(writer, "countRatio", ratio.CountRatio);
                        writer.WriteStartArray("byAmount");
                        foreach (var amount in ratio.ByAmount)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("currency", amount.Settled.Currency.Code);
                            writer.WriteString("settled", amount.Settled.FormatAmount());
                            writer.WriteString("chargedBack", amount.ChargedBack.FormatAmount());
                            WriteShare(writer, "ratio", amount.Ratio);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        writer.WriteNumber("warningLevel", ratio.Threshold.Warning);
                        writer.WriteNumber("threshold", ratio.Threshold.Threshold);
                    }));
            });
    }

    private static string Percent(decimal share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static void WriteShare(Utf8JsonWriter writer, string name, decimal? share)
    {
        if (share is { } value)
        {
            writer.WriteNumber(name, decimal.Round(value, 6));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    // Amounts travel as decimal text in the currency's own precision, never as a JSON number a receiver might read as a double.
    private static void WriteMoney(Utf8JsonWriter writer, string name, Money amount)
    {
        writer.WriteStartObject(name);
        writer.WriteString("value", amount.FormatAmount());
        writer.WriteString("currency", amount.Currency.Code);
        writer.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
